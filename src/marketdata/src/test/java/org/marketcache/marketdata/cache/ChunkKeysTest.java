package org.marketcache.marketdata.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;

/** Chunk sizes and the chunk keys a write touches, on random times and sizes (one seed per case). */
class ChunkKeysTest {
    static final KeySchema KEYS = new KeySchema("mc");
    static final Instrument BTC = Instrument.of("binance", "BTC/USDT");
    /** The shipped defaults (microprofile-config.properties of the runtime). */
    static final ChunkSizes DEFAULTS = ChunkSizes.byLabel(
            Map.of("1m", 240, "5m", 288, "15m", 192, "1h", 168, "4h", 180, "1d", 30), Duration.ofMinutes(1));

    static LongStream seeds() {
        return LongStream.range(0, 100);
    }

    static ChunkSizes randomSizes(Random r) {
        Map<Timeframe, Integer> per = new EnumMap<>(Timeframe.class);
        for (Timeframe tf : Timeframe.values()) {
            per.put(tf, 1 + r.nextInt(r.nextBoolean() ? 10 : 10_000));
        }
        return new ChunkSizes(per, Duration.ofMillis(1 + r.nextInt(r.nextBoolean() ? 1_000 : 3_600_000)));
    }

    /** One-minute open times, clustered or spread over 1970..2100. */
    static List<Long> times(Random r) {
        List<Long> out = new ArrayList<>();
        long base = Timeframe.M1.align(r.nextLong(4_000_000_000_000L));
        int n = 1 + r.nextInt(30);
        for (int i = 0; i < n; i++) {
            out.add(r.nextInt(3) == 0 ? Timeframe.M1.align(r.nextLong(4_000_000_000_000L))
                    : base + r.nextInt(10_000) * Timeframe.M1.millis());
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyTimeLiesInExactlyOneOfItsChunksListedOnceAscending(long seed) {
        Random r = new Random(seed);
        ChunkKeys keys = new ChunkKeys(KEYS, r.nextBoolean() ? DEFAULTS : randomSizes(r));
        List<Long> times = times(r);

        for (Timeframe tf : Timeframe.values()) {
            List<SeriesKey> chunks = keys.candleChunks(BTC, tf, times);
            assertThat(chunks).extracting(SeriesKey::start).isSorted().doesNotHaveDuplicates();
            for (SeriesKey k : chunks) {
                assertThat(times).as("%s holds a written time", k.id()).anyMatch(t -> k.start() <= t && t < k.end());
                assertThat(k.timeframe()).isEqualTo(tf);
                assertThat(k.end() - k.start()).isEqualTo(keys.sizes().candlesPerChunk(tf) * tf.millis());
            }
            for (long t : times) {
                SeriesKey at = keys.candleChunkAt(BTC, tf, t);
                assertThat(chunks).contains(at);
                assertThat(at.start()).isLessThanOrEqualTo(t);
                assertThat(at.end()).isGreaterThan(t);
            }
        }
        List<SeriesKey> trades = keys.tradeChunks(BTC, times);
        assertThat(trades).extracting(SeriesKey::start).isSorted().doesNotHaveDuplicates();
        for (long t : times) {
            assertThat(trades).contains(keys.tradeChunkAt(BTC, t));
        }
        assertThat(trades).allMatch(k -> times.stream().anyMatch(t -> k.start() <= t && t < k.end()));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aOneMinuteCandleTouchesTheChunkOfTheRolledUpCandleOfEveryTimeframe(long seed) {
        Random r = new Random(seed);
        ChunkKeys keys = new ChunkKeys(KEYS, r.nextBoolean() ? DEFAULTS : randomSizes(r));
        List<Long> times = times(r);

        Map<Timeframe, List<SeriesKey>> touched = keys.touchedByCandles(BTC, times);

        assertThat(touched.keySet()).containsExactly(Timeframe.values());
        for (Timeframe tf : Timeframe.values()) {
            assertThat(touched.get(tf)).isEqualTo(keys.candleChunks(BTC, tf, times));
            for (long t : times) {
                long bucket = tf.align(t);
                assertThat(touched.get(tf)).as("the %s candle opening %d", tf, bucket)
                        .anyMatch(k -> k.start() <= bucket && bucket + tf.millis() <= k.end());
            }
        }
    }

    @Test
    void keysAreTheKeySchemasWithTheConfiguredSizes() {
        ChunkKeys keys = new ChunkKeys(KEYS, DEFAULTS);
        long t = 122_500L * 240 * 60_000 + 90_000;

        assertThat(keys.candleChunkAt(BTC, Timeframe.M1, t).id())
                .isEqualTo("mc:v1:candles:{binance:BTC-USDT}:1m:240:122500");
        assertThat(keys.candleChunk(BTC, Timeframe.H4, 9)).isEqualTo(KEYS.candleChunk(BTC, Timeframe.H4, 180, 9));
        assertThat(keys.tradeChunkAt(BTC, 29_000_000L * 60_000 + 59_999).id())
                .isEqualTo("mc:v1:trades:{binance:BTC-USDT}:60000:29000000");
        assertThat(keys.candleChunks(BTC, Timeframe.M1, List.of())).isEmpty();
        assertThat(keys.tradeChunks(BTC, List.of())).isEmpty();
    }

    @Test
    void sizesComeFromConfigurationLabels() {
        assertThat(DEFAULTS.candlesPerChunk(Timeframe.M15)).isEqualTo(192);
        assertThat(DEFAULTS.candles(Timeframe.D1).spanMillis()).isEqualTo(30 * 86_400_000L);
        assertThat(DEFAULTS.trades().spanMillis()).isEqualTo(60_000);
    }

    @Test
    void everyTimeframeNeedsAPositiveSize() {
        Map<String, Integer> missing = new LinkedHashMap<>(Map.of("1m", 240, "5m", 288, "15m", 192, "1h", 168,
                "4h", 180));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> ChunkSizes.byLabel(missing, Duration.ofMinutes(1))).getMessage())
                .isEqualTo("marketcache.candles.chunk-candles.1d is not set: every timeframe needs a chunk size");
        missing.put("1d", 0);
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> ChunkSizes.byLabel(missing, Duration.ofMinutes(1))).getMessage())
                .isEqualTo("marketcache.candles.chunk-candles.1d must be at least 1: 0");
        missing.put("1d", 30);
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> ChunkSizes.byLabel(missing, Duration.ZERO)).getMessage())
                .isEqualTo("marketcache.trades.chunk-span must be at least 1ms: PT0S");
    }
}
