package org.marketcache.read;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.marketcache.core.engine.Lookup;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.core.tier.Tier;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.MarketDataStore;
import org.marketcache.store.testing.CountingStore;
import org.marketcache.testkit.CandleSeeding;
import org.marketcache.testkit.MarketCacheTestResource;
import org.marketcache.testkit.MarketFixtures;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * The tiered read path against the real Redis and PostgreSQL: chunk stitching with partial hits (only the missing
 * chunks reach the database, in one query), immutable versus live chunk lifetimes in Redis, single flight inside a
 * pod and across two pods, and negative caching of unknown instruments. Database queries are counted by
 * {@link CountingStore}, a wrapper of the real store.
 */
@QuarkusTest
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TieredPathIT {
    static final Instrument ETH = Instrument.of("okx", "ETH/USDT");
    static final long NOW = System.currentTimeMillis();
    static final long CHUNK = 240 * 60_000L;
    static final long FIRST = (NOW / CHUNK - 12) * CHUNK;

    @Inject
    MarketDataStore store;
    @Inject
    CountingStore counting;
    @Inject
    CacheTiers tiers;
    @Inject
    InstrumentRegistry instruments;
    @Inject
    Redis redis;
    @Inject
    KeySchema keys;

    @BeforeAll
    void seed() {
        int id = store.ensureInstrument(ETH).await().atMost(Duration.ofSeconds(10));
        var candles = MarketFixtures.candles(FIRST, Timeframe.M1.align(NOW) + 60_000L, new BigDecimal("3000.25"),
                false);
        CandleSeeding.upsert(candles, batch -> store.upsertCandles(id, batch));
        instruments.reload().toCompletableFuture().join();
    }

    @BeforeEach
    void reset() {
        counting.reset();
    }

    long chunkStart(int n) {
        return FIRST + n * CHUNK;
    }

    @Test
    void onlyTheMissingChunksReachTheDatabaseInOneQuery() {
        given().get("/v1/candles/okx/ETH-USDT?from=" + chunkStart(0) + "&limit=480").then().statusCode(200)
                .header("X-Cache", equalTo("L3")).body("candles", hasSize(480));
        assertThat(counting.candleQueries().size()).isEqualTo(1);
        assertThat(counting.candleQueries().get(0).ranges()).hasSize(2);
        counting.reset();

        given().get("/v1/candles/okx/ETH-USDT?from=" + chunkStart(0) + "&limit=960").then().statusCode(200)
                .header("X-Cache", equalTo("MIXED")).body("candles", hasSize(960))
                .body("candles[479].openTime", equalTo(chunkStart(2) - 60_000L))
                .body("candles[480].openTime", equalTo(chunkStart(2)))
                .body("candles[959].openTime", equalTo(chunkStart(4) - 60_000L));
        assertThat(counting.candleQueries().size()).as("one query for the two missing chunks").isEqualTo(1);
        assertThat(counting.candleQueries().get(0).ranges()).containsExactlyInAnyOrder(TimeRange.of(chunkStart(2), chunkStart(3)),
                TimeRange.of(chunkStart(3), chunkStart(4)));
    }

    @Test
    void closedChunksLiveLongTheLiveChunkShort() {
        long liveIndex = Timeframe.M1.align(NOW) / CHUNK;
        given().get("/v1/candles/okx/ETH-USDT?limit=5").then().statusCode(200);
        given().get("/v1/candles/okx/ETH-USDT?from=" + chunkStart(5) + "&limit=10").then().statusCode(200);
        String live = keys.candleChunk(ETH, Timeframe.M1, 240, liveIndex).id();
        String closed = keys.candleChunk(ETH, Timeframe.M1, 240, chunkStart(5) / CHUNK).id();
        Awaitility.await("both chunks filled into L2").atMost(Duration.ofSeconds(5))
                .until(() -> pttl(live) > 0 && pttl(closed) > 0);
        // Live: usable 60 s (±10 % jitter), kept 5 min more for stale-if-error; closed: 24 h (±10 %) + 5 min.
        assertThat(pttl(live)).isBetween(1L, Duration.ofSeconds(66 + 300).toMillis());
        assertThat(pttl(closed)).isGreaterThan(Duration.ofHours(21).toMillis());
    }

    @Test
    void concurrentColdRequestsInOnePodShareOneQuery() throws Exception {
        SeriesKey key = keys.candleChunk(ETH, Timeframe.M1, 240, chunkStart(7) / CHUNK);
        TieredCache<SeriesKey, SeriesChunk> cache = tiers.candles(Timeframe.M1);
        List<CompletableFuture<Lookup<SeriesKey, SeriesChunk>>> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(cache.getAll(List.of(key)).toCompletableFuture());
        }
        for (CompletableFuture<Lookup<SeriesKey, SeriesChunk>> f : all) {
            assertThat(f.get(10, TimeUnit.SECONDS).value(key).count()).isEqualTo(240);
        }
        assertThat(counting.candleQueries().size()).isEqualTo(1);
    }

    @Test
    void coldRequestsFromTwoPodsShareOneQuery() throws Exception {
        SeriesKey key = keys.candleChunk(ETH, Timeframe.M1, 240, chunkStart(9) / CHUNK);
        TieredCache<SeriesKey, SeriesChunk> podA = tiers.candles(Timeframe.M1);
        TieredCache<SeriesKey, SeriesChunk> podB = tiers.candlesAsAnotherPod(Timeframe.M1);
        List<CompletableFuture<Lookup<SeriesKey, SeriesChunk>>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            all.add(podA.getAll(List.of(key)).toCompletableFuture());
            all.add(podB.getAll(List.of(key)).toCompletableFuture());
        }
        int fromL2 = 0;
        for (CompletableFuture<Lookup<SeriesKey, SeriesChunk>> f : all) {
            Lookup<SeriesKey, SeriesChunk> l = f.get(10, TimeUnit.SECONDS);
            assertThat(l.value(key).count()).isEqualTo(240);
            fromL2 += l.answeredBy().contains(Tier.L2) ? 1 : 0;
        }
        assertThat(counting.candleQueries().size()).as("one database query for both pods").isEqualTo(1);
        assertThat(fromL2).as("the other pod waited for the fill and read it from L2").isPositive();
    }

    @Test
    void unknownInstrumentsAreRememberedSoJunkNeverReachesTheDatabaseTwice() throws Exception {
        for (int i = 0; i < 20; i++) {
            given().get("/v1/candles/okx/JUNK-USDT").then().statusCode(404).body("error", equalTo("UNKNOWN_SYMBOL"));
        }
        assertThat(counting.calls("instrument-id").size()).isEqualTo(1);
        long ttl = pttl(keys.unknown("okx:JUNK-USDT"));
        assertThat(ttl).as("shared negative entry in Redis").isBetween(1L, 30_000L);
    }

    @Test
    void aLeaseLeftByADeadPodIsTakenOverWhenItExpires() throws Exception {
        SeriesKey key = keys.candleChunk(ETH, Timeframe.M1, 240, chunkStart(10) / CHUNK);
        // A pod that took the lease and died: nobody will fill the key, nobody will release the lease.
        redis.send(Request.cmd(Command.SET).arg(keys.lease(key.id())).arg("dead-pod").arg("PX").arg(700))
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        long start = System.nanoTime();
        Lookup<SeriesKey, SeriesChunk> l = tiers.candles(Timeframe.M1).getAll(List.of(key)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(l.value(key).count()).isEqualTo(240);
        assertThat(l.answeredBy()).containsExactly(Tier.L3);
        assertThat(waitedMillis).as("waited for the lease to expire, not for the 2 s lease-wait")
                .isBetween(600L, 1_900L);
        assertThat(counting.candleQueries().size()).isEqualTo(1);
    }

    long pttl(String key) {
        try {
            Response r = redis.send(Request.cmd(Command.PTTL).arg(key)).toCompletionStage().toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            return r.toLong();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
