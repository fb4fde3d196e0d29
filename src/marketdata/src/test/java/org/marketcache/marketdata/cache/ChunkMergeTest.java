package org.marketcache.marketdata.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.core.series.TimeChunking;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Side;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.Trade;

/** The write-back merge rules, on random chunks and writes (one seed per case, so a failure replays). */
class ChunkMergeTest {
    static final KeySchema KEYS = new KeySchema("merge");
    static final Instrument BTC = Instrument.of("binance", "BTC/USDT");
    static final int PER = 240;
    static final long SPAN = PER * Timeframe.M1.millis();
    static final SeriesKey CANDLE_KEY = KEYS.candleChunk(BTC, Timeframe.M1, PER, 122_500);
    static final SeriesKey TRADE_KEY = KEYS.tradeChunk(BTC, new TimeChunking(60_000), 29_000_000);
    static final Duration SETTLE = Duration.ofSeconds(10);

    static LongStream seeds() {
        return LongStream.range(0, 100);
    }

    static Candle candle(Random r, long openTime, boolean closed) {
        BigDecimal open = BigDecimal.valueOf(100 + r.nextInt(100), r.nextInt(3));
        BigDecimal close = BigDecimal.valueOf(100 + r.nextInt(100), r.nextInt(3));
        BigDecimal high = open.max(close).add(BigDecimal.valueOf(r.nextInt(10)));
        BigDecimal low = open.min(close).multiply(BigDecimal.valueOf(90 + r.nextInt(11), 2));
        return new Candle(openTime, open, high, low, close, BigDecimal.valueOf(r.nextInt(1000)), closed);
    }

    /** Candles at distinct random minutes of the chunk, open or closed at random. */
    static List<Candle> candles(Random r, int max) {
        List<Candle> out = new ArrayList<>();
        TreeSet<Integer> minutes = new TreeSet<>();
        int n = r.nextInt(max + 1);
        while (minutes.size() < n) {
            minutes.add(r.nextInt(PER));
        }
        for (int m : minutes) {
            out.add(candle(r, CANDLE_KEY.start() + m * Timeframe.M1.millis(), r.nextInt(4) > 0));
        }
        Collections.shuffle(out, r);
        return out;
    }

    static SeriesChunk cached(Random r) {
        if (r.nextInt(5) == 0) {
            return null;
        }
        List<Candle> sorted = new ArrayList<>(candles(r, 60));
        sorted.sort(Comparator.comparingLong(Candle::openTime));
        return CandleChunkCodec.build(CANDLE_KEY.start(), CANDLE_KEY.end(), sorted, false);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aWrittenCandleReplacesTheCachedOneUnlessItWouldReopenIt(long seed) {
        Random r = new Random(seed);
        SeriesChunk current = cached(r);
        List<Candle> written = candles(r, 40);
        long now = CANDLE_KEY.end() - SPAN + r.nextLong(2 * SPAN);

        List<Candle> merged = CandleChunkCodec.candles(ChunkMerge.candles(CANDLE_KEY, current, written, now));

        Map<Long, Candle> expected = new HashMap<>();
        for (Candle c : current == null ? List.<Candle>of() : CandleChunkCodec.candles(current)) {
            expected.put(c.openTime(), c);
        }
        for (Candle c : written) {
            Candle old = expected.get(c.openTime());
            expected.put(c.openTime(), old != null && old.closed() && !c.closed() ? old : c);
        }
        assertThat(merged).extracting(Candle::openTime).isSorted().doesNotHaveDuplicates();
        assertThat(merged).containsExactlyInAnyOrderElementsOf(expected.values());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void mergingTheSameCandlesTwiceChangesNothing(long seed) {
        Random r = new Random(seed);
        SeriesChunk current = cached(r);
        List<Candle> written = candles(r, 40);
        long now = CANDLE_KEY.end() + r.nextInt(1000) - 500;

        SeriesChunk once = ChunkMerge.candles(CANDLE_KEY, current, written, now);
        SeriesChunk twice = ChunkMerge.candles(CANDLE_KEY, once, written, now);

        assertThat(twice.payload()).isEqualTo(once.payload());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aMergedCandleChunkIsCompleteOnceItHasEndedAndEveryCandleIsClosed(long seed) {
        Random r = new Random(seed);
        List<Candle> written = candles(r, 20);
        long now = CANDLE_KEY.end() + r.nextInt(3) - 1;

        SeriesChunk merged = ChunkMerge.candles(CANDLE_KEY, null, written, now);

        assertThat(merged.complete()).isEqualTo(now >= CANDLE_KEY.end() && written.stream().allMatch(Candle::closed));
        assertThat(merged.start()).isEqualTo(CANDLE_KEY.start());
        assertThat(merged.end()).isEqualTo(CANDLE_KEY.end());
    }

    @Test
    void aLateLiveUpdateNeverReopensAClosedCandle() {
        Random r = new Random(7);
        long t = CANDLE_KEY.start() + 5 * Timeframe.M1.millis();
        Candle closed = candle(r, t, true);
        Candle live = candle(r, t, false);
        SeriesChunk current = CandleChunkCodec.build(CANDLE_KEY.start(), CANDLE_KEY.end(), List.of(closed), false);

        assertThat(CandleChunkCodec.candles(ChunkMerge.candles(CANDLE_KEY, current, List.of(live), 0)))
                .containsExactly(closed);
        Candle closedAgain = candle(r, t, true);
        assertThat(CandleChunkCodec.candles(ChunkMerge.candles(CANDLE_KEY, current, List.of(closedAgain), 0)))
                .containsExactly(closedAgain);
    }

    // ---- trades ----------------------------------------------------------------------------------------------

    static Trade trade(Random r, long time, String id) {
        return new Trade(id, time, BigDecimal.valueOf(1 + r.nextInt(100_000), r.nextInt(4)),
                BigDecimal.valueOf(1 + r.nextInt(1000), r.nextInt(6)), r.nextBoolean() ? Side.BUY : Side.SELL);
    }

    /** Trades at few distinct times and ids, so the same identity turns up in both lists often. */
    static List<Trade> trades(Random r, int max) {
        List<Trade> out = new ArrayList<>();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            out.add(trade(r, TRADE_KEY.start() + r.nextInt(20) * 1_000L, "t" + r.nextInt(12)));
        }
        return out;
    }

    static SeriesChunk cachedTrades(Random r) {
        if (r.nextInt(5) == 0) {
            return null;
        }
        Map<String, Trade> unique = new HashMap<>();
        for (Trade t : trades(r, 40)) {
            unique.putIfAbsent(t.time() + "/" + t.id(), t);
        }
        List<Trade> sorted = new ArrayList<>(unique.values());
        sorted.sort(ChunkMerge.TRADE_ORDER);
        return TradeChunkCodec.build(TRADE_KEY.start(), TRADE_KEY.end(), sorted, false);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aTradeIsKeptOnceByTimeAndIdAndTheCachedCopyWins(long seed) {
        Random r = new Random(seed);
        SeriesChunk current = cachedTrades(r);
        List<Trade> written = trades(r, 40);

        List<Trade> merged = TradeChunkCodec.trades(ChunkMerge.trades(TRADE_KEY, current, written, SETTLE, 0));

        Map<String, Trade> expected = new HashMap<>();
        for (Trade t : current == null ? List.<Trade>of() : TradeChunkCodec.trades(current)) {
            expected.put(t.time() + "/" + t.id(), t);
        }
        for (Trade t : written) {
            expected.putIfAbsent(t.time() + "/" + t.id(), t);
        }
        assertThat(merged).isSortedAccordingTo(ChunkMerge.TRADE_ORDER);
        assertThat(merged).extracting(t -> t.time() + "/" + t.id()).doesNotHaveDuplicates();
        assertThat(merged).containsExactlyInAnyOrderElementsOf(expected.values());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void mergingTheSameTradesTwiceChangesNothing(long seed) {
        Random r = new Random(seed);
        SeriesChunk current = cachedTrades(r);
        List<Trade> written = trades(r, 40);

        SeriesChunk once = ChunkMerge.trades(TRADE_KEY, current, written, SETTLE, 0);
        SeriesChunk twice = ChunkMerge.trades(TRADE_KEY, once, written, SETTLE, 0);

        assertThat(twice.payload()).isEqualTo(once.payload());
    }

    @Test
    void aMergedTradeChunkIsCompleteOnceItsEndIsSettleAfterInThePast() {
        Random r = new Random(11);
        List<Trade> written = List.of(trade(r, TRADE_KEY.start(), "a"));
        long settled = TRADE_KEY.end() + SETTLE.toMillis();

        assertThat(ChunkMerge.trades(TRADE_KEY, null, written, SETTLE, settled - 1).complete()).isFalse();
        assertThat(ChunkMerge.trades(TRADE_KEY, null, written, SETTLE, settled).complete()).isTrue();
        assertThat(TradeChunkCodec.completeAt(1_000, Duration.ZERO, 999)).isFalse();
        assertThat(TradeChunkCodec.completeAt(1_000, Duration.ZERO, 1_000)).isTrue();
    }
}
