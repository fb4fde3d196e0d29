package org.marketcache.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.engine.Lookup;
import org.marketcache.core.tier.RemoteTier;
import org.marketcache.core.tier.RemoteTier.Fill;
import org.marketcache.core.tier.RemoteTier.RemoteRead;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.core.tier.Tier;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.CandleChunkCodec;
import org.marketcache.marketdata.cache.ChunkKeys;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.testing.CountingStore;
import org.marketcache.testkit.MarketCacheTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Write-through of one-minute candles patches the higher-timeframe chunks L2 holds instead of tombstoning them:
 * only the buckets that hold the written minutes are read from the database, the patched chunks equal what a
 * rebuild from the database gives, the next reads are answered from L2, chunks L2 does not hold are not rebuilt by
 * the writer, and a fill prepared before the write cannot put the old value back. Database queries are seen by
 * {@link CountingStore}.
 *
 * <p>The candles are written on a past day (noon, two or three days back) whose previous day lies in the same
 * 30-day chunk, so that for every timeframe the written bucket and an earlier, closed bucket share a chunk (5m
 * chunks span a day, 15m two, 1h seven, 4h and 1d thirty), whatever the time the test runs at.
 */
@QuarkusTest
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true)
class HigherTimeframePatchIT {
    static final long DAY = 86_400_000L;
    static final long HOUR = 3_600_000L;
    static final long MINUTE = 60_000L;
    /** Noon of the written day. */
    static final long X = writtenDay() * DAY + 12 * HOUR;
    static final List<Timeframe> HIGHER = List.of(Timeframe.M5, Timeframe.M15, Timeframe.H1, Timeframe.H4,
            Timeframe.D1);

    @Inject
    CountingStore counting;
    @Inject
    CacheTiers tiers;
    @Inject
    ChunkKeys chunkKeys;
    @Inject
    InstrumentRegistry instruments;

    static long writtenDay() {
        long day = System.currentTimeMillis() / DAY - 2;
        return day % 30 == 0 ? day - 1 : day;
    }

    /**
     * The earlier, closed candle of {@code tf} in the chunk of the written one: two hours before it (same day,
     * another bucket of 5m to 4h), or the day before for 1d.
     */
    static long closedBucket(Timeframe tf) {
        return tf.align(tf == Timeframe.D1 ? X - DAY : X - 2 * HOUR);
    }

    @Test
    void cachedHigherTimeframeChunksArePatchedInL2FromTheWrittenBucketsOnly() throws Exception {
        Instrument sol = Instrument.of("binance", "SOL/USDT");
        ingest(history("SOL/USDT") + "," + candle("SOL/USDT", X, "100.10", false));
        Map<Timeframe, SeriesKey> chunks = chunks(sol);
        Map<Timeframe, CacheEntry<SeriesChunk>> before = cacheInL2(chunks);
        for (Timeframe tf : HIGHER) {
            Candle closed = at(before.get(tf).value(), closedBucket(tf));
            assertThat(closed).as(tf + ": the earlier candle is cached").isNotNull();
            assertThat(closed.closed()).as(tf + ": the earlier candle is closed").isTrue();
        }
        int id = instruments.require(sol).toCompletableFuture().get(10, TimeUnit.SECONDS);

        counting.reset();
        ingest(candle("SOL/USDT", X, "100.35", false) + "," + candle("SOL/USDT", X + MINUTE, "100.40", false));
        for (Timeframe tf : HIGHER) {
            long bucket = tf.align(X);
            assertThat(counting.candleQueries(id, tf)).as(tf + ": one query, for the written bucket only")
                    .extracting(CountingStore.Call::ranges)
                    .containsExactly(List.of(TimeRange.of(bucket, bucket + tf.millis())));
        }
        Map<Timeframe, CacheEntry<SeriesChunk>> after = inL2(chunks);
        for (Timeframe tf : HIGHER) {
            CacheEntry<SeriesChunk> patched = after.get(tf);
            assertThat(patched).as(tf + " still in L2 (not tombstoned)").isNotNull();
            assertThat(patched.version()).as(tf + " written over the version read").isGreaterThan(
                    before.get(tf).version());
            assertThat(at(patched.value(), tf.align(X)).close().toPlainString()).as(tf + " new close")
                    .isEqualTo("100.40");
            assertThat(at(patched.value(), closedBucket(tf))).as(tf + ": the closed candle is unchanged")
                    .isEqualTo(at(before.get(tf).value(), closedBucket(tf)));
            SeriesChunk rebuilt = rebuild(tf, chunks.get(tf));
            assertThat(CandleChunkCodec.candles(patched.value())).as(tf + " equals a rebuild from the database")
                    .isEqualTo(CandleChunkCodec.candles(rebuilt));
            assertThat(patched.value().complete()).as(tf + " complete").isEqualTo(rebuilt.complete()).isFalse();
        }

        // The next reads find the patched chunks in L2: no database query.
        counting.reset();
        for (Timeframe tf : HIGHER) {
            Lookup<SeriesKey, SeriesChunk> read = tiers.candles(tf).getAll(List.of(chunks.get(tf)))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(read.answeredBy()).as(tf + " answered by").containsExactly(Tier.L2);
            assertThat(at(read.value(chunks.get(tf)), tf.align(X)).close().toPlainString()).isEqualTo("100.40");
        }
        assertThat(counting.candleQueries()).as("database queries of the reads").isEmpty();

        // The written minutes close: on a past day every candle of the 5m, 15m and 1h chunks is then closed, so the
        // patched chunks are complete (immutable), as a rebuild says.
        ingest(candle("SOL/USDT", X, "100.45", true) + "," + candle("SOL/USDT", X + MINUTE, "100.50", true));
        Map<Timeframe, CacheEntry<SeriesChunk>> closed = inL2(chunks);
        for (Timeframe tf : HIGHER) {
            SeriesChunk rebuilt = rebuild(tf, chunks.get(tf));
            assertThat(closed.get(tf)).as(tf + " still in L2").isNotNull();
            assertThat(CandleChunkCodec.candles(closed.get(tf).value())).as(tf + " equals a rebuild")
                    .isEqualTo(CandleChunkCodec.candles(rebuilt));
            assertThat(closed.get(tf).value().complete()).as(tf + " complete as a rebuild says")
                    .isEqualTo(rebuilt.complete());
        }
        assertThat(closed.get(Timeframe.M5).value().complete()).as("a closed past day's 5m chunk").isTrue();
    }

    @Test
    void aChunkL2DoesNotHoldIsNotRebuiltByTheWriter() throws Exception {
        Instrument avax = Instrument.of("binance", "AVAX/USDT");
        ingest(history("AVAX/USDT") + "," + candle("AVAX/USDT", X, "100.10", false));
        Map<Timeframe, SeriesKey> chunks = chunks(avax);
        cacheInL2(Map.of(Timeframe.H1, chunks.get(Timeframe.H1)));
        int id = instruments.require(avax).toCompletableFuture().get(10, TimeUnit.SECONDS);

        counting.reset();
        ingest(candle("AVAX/USDT", X, "100.35", false));
        Map<Timeframe, CacheEntry<SeriesChunk>> after = inL2(chunks);
        assertThat(after.get(Timeframe.H1)).as("the cached 1h chunk is patched").isNotNull();
        assertThat(at(after.get(Timeframe.H1).value(), X).close().toPlainString()).isEqualTo("100.35");
        assertThat(counting.candleQueries(id, Timeframe.H1)).extracting(CountingStore.Call::ranges)
                .containsExactly(List.of(TimeRange.of(X, X + HOUR)));
        for (Timeframe tf : List.of(Timeframe.M5, Timeframe.M15, Timeframe.H4, Timeframe.D1)) {
            assertThat(after.get(tf)).as(tf + " stays absent from L2").isNull();
            assertThat(counting.candleQueries(id, tf)).as(tf + ": no database query").isEmpty();
        }
    }

    @Test
    void aFillPreparedBeforeTheWriteIsRefusedAfterIt() throws Exception {
        Instrument link = Instrument.of("binance", "LINK/USDT");
        ingest(history("LINK/USDT") + "," + candle("LINK/USDT", X, "100.10", false));
        Map<Timeframe, SeriesKey> chunks = chunks(link);
        SeriesKey cached = chunks.get(Timeframe.M15);
        SeriesKey absent = chunks.get(Timeframe.H4);
        CacheEntry<SeriesChunk> old = cacheInL2(Map.of(Timeframe.M15, cached)).get(Timeframe.M15);
        // A reader read both keys (one cached, one absent) and loaded the old values from the database ...
        RemoteTier<SeriesKey, SeriesChunk> m15 = tiers.candlesL2AsAnotherPod(Timeframe.M15);
        RemoteTier<SeriesKey, SeriesChunk> h4 = tiers.candlesL2AsAnotherPod(Timeframe.H4);
        RemoteRead<SeriesKey, SeriesChunk> seenM15 = m15.read(List.of(cached)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        RemoteRead<SeriesKey, SeriesChunk> seenH4 = h4.read(List.of(absent)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(seenH4.entries()).as("no usable 4h chunk in L2").isEmpty();
        SeriesChunk oldH4 = rebuild(Timeframe.H4, absent);

        // ... then the write is committed and applied to the caches ...
        ingest(candle("LINK/USDT", X, "100.35", false));

        // ... and only then does the reader try to fill: both fills are refused.
        long cachedVersion = seenM15.version(cached);
        assertThat(m15.fill(List.of(Fill.after(seenM15, cached, old))).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).as("fill over the patched chunk").isEmpty();
        CacheEntry<SeriesChunk> oldH4Entry = tiers.candles(Timeframe.H4).policy().stamp(absent, oldH4,
                System.currentTimeMillis());
        assertThat(h4.fill(List.of(Fill.after(seenH4, absent, oldH4Entry))).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).as("fill of the chunk that was absent").isEmpty();
        Map<Timeframe, CacheEntry<SeriesChunk>> now = inL2(chunks);
        assertThat(now.get(Timeframe.M15)).as("the patched 15m chunk stays in L2").isNotNull();
        assertThat(at(now.get(Timeframe.M15).value(), Timeframe.M15.align(X)).close().toPlainString())
                .isEqualTo("100.35");
        assertThat(now.get(Timeframe.H4)).as("the 4h chunk stays absent").isNull();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static String candle(String symbol, long openTime, String close, boolean closed) {
        return IngestIT.candle(symbol, openTime, close, closed);
    }

    /** Closed one-minute candles in the earlier buckets: two hours before the written one, and the day before. */
    static String history(String symbol) {
        return candle(symbol, X - DAY, "99.50", true) + "," + candle(symbol, X - 2 * HOUR, "99.80", true) + ","
                + candle(symbol, X - 2 * HOUR + MINUTE, "99.90", true);
    }

    static void ingest(String records) {
        given().header("Authorization", IngestIT.TOKEN).contentType(ContentType.JSON).body("[" + records + "]")
                .post("/v1/ingest/candles").then().statusCode(200);
    }

    Map<Timeframe, SeriesKey> chunks(Instrument instrument) {
        Map<Timeframe, SeriesKey> out = new EnumMap<>(Timeframe.class);
        for (Timeframe tf : HIGHER) {
            out.put(tf, chunkKeys.candleChunkAt(instrument, tf, X));
        }
        return out;
    }

    /** Reads the chunks (the first read loads them from the database) and waits until L2 holds them. */
    Map<Timeframe, CacheEntry<SeriesChunk>> cacheInL2(Map<Timeframe, SeriesKey> chunks) throws Exception {
        for (Map.Entry<Timeframe, SeriesKey> e : chunks.entrySet()) {
            tiers.candles(e.getKey()).getAll(List.of(e.getValue())).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        Awaitility.await("the chunks filled into L2").atMost(Duration.ofSeconds(10))
                .until(() -> inL2(chunks).size() == chunks.size());
        return inL2(chunks);
    }

    /** The usable L2 entries of the chunks, by timeframe (a chunk L2 holds no usable value for is absent). */
    Map<Timeframe, CacheEntry<SeriesChunk>> inL2(Map<Timeframe, SeriesKey> chunks) throws Exception {
        Map<Timeframe, CacheEntry<SeriesChunk>> out = new EnumMap<>(Timeframe.class);
        long now = System.currentTimeMillis();
        for (Map.Entry<Timeframe, SeriesKey> e : chunks.entrySet()) {
            CacheEntry<SeriesChunk> entry = tiers.candles(e.getKey()).view().readL2(List.of(e.getValue()))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS).entries().get(e.getValue());
            if (entry != null && entry.isUsable(now)) {
                out.put(e.getKey(), entry);
            }
        }
        return out;
    }

    /** The chunk as a reader would rebuild it from the database now (the source tier, bypassing the caches). */
    SeriesChunk rebuild(Timeframe tf, SeriesKey key) throws Exception {
        TieredCache<SeriesKey, SeriesChunk> cache = tiers.candles(tf);
        return cache.view().readSource(List.of(key)).toCompletableFuture().get(10, TimeUnit.SECONDS).get(key).value();
    }

    static Candle at(SeriesChunk chunk, long openTime) {
        List<Candle> found = new ArrayList<>();
        for (Candle c : CandleChunkCodec.candles(chunk)) {
            if (c.openTime() == openTime) {
                found.add(c);
            }
        }
        return found.isEmpty() ? null : found.get(0);
    }
}
