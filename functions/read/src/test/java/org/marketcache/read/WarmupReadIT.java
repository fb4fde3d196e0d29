package org.marketcache.read;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.MarketDataStore;
import org.marketcache.warm.HotKey;
import org.marketcache.warm.HotKeyPublisher;
import org.marketcache.warm.HotKeyRanking;
import org.marketcache.warm.StartupL1Warmer;
import org.marketcache.warm.Warmer;
import org.marketcache.warm.WarmupRequest;
import org.marketcache.warm.WarmupSummary;
import org.marketcache.testkit.CandleSeeding;
import org.marketcache.testkit.MarketCacheTestResource;
import org.marketcache.testkit.MarketFixtures;
import org.marketcache.testkit.RedisPrefix;
import org.marketcache.testkit.WallClock;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.redis.client.Redis;

/**
 * Warm-up seen from the read function: the read path samples what it is asked for, the ranking learns it, a
 * warm-up (the same code the warmup function runs) puts it in L2, and the first requests after it are answered
 * from L2 (then L1), not from the database. A pod's start-up warm then answers them from L1 at once.
 */
@QuarkusTest
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WarmupReadIT {
    static final Instrument ETH = Instrument.of("okx", "ETH/USDT");
    static final String LATEST = "/v1/candles/okx/ETH-USDT?timeframe=5m&limit=50";
    static final String TICKER = "/v1/tickers/okx/ETH-USDT";

    @Inject
    MarketDataStore store;
    @Inject
    InstrumentRegistry instruments;
    @Inject
    CacheTiers tiers;
    @Inject
    Redis redis;
    @Inject
    KeySchema keys;
    @Inject
    HotKeyPublisher publisher;
    @Inject
    HotKeyRanking ranking;
    @Inject
    Warmer warmer;
    @Inject
    StartupL1Warmer startup;

    /** One-minute candles of two hours, long closed. */
    String history;

    @BeforeAll
    void seed() {
        // The application runs on the wall clock, and the test reads the live chunks at its end as at its start.
        long now = WallClock.clearOf(Duration.ofHours(1), Duration.ofMinutes(1));
        long live = Timeframe.M1.align(now);
        history = "/v1/candles/okx/ETH-USDT?timeframe=1m&from=" + (live - 8 * 3_600_000L) + "&to="
                + (live - 6 * 3_600_000L);
        int id = store.ensureInstrument(ETH).await().atMost(Duration.ofSeconds(10));
        CandleSeeding.upsert(MarketFixtures.candles(live - 12 * 3_600_000L, live + 60_000L, new BigDecimal("3000.5"),
                false), batch -> store.upsertCandles(id, batch));
        store.insertTickers(id, List.of(new Ticker(now - 1000, new BigDecimal("3000.4"), new BigDecimal("3000.6"),
                new BigDecimal("3000.5"), new BigDecimal("99.5")))).await().atMost(Duration.ofSeconds(10));
        instruments.reload().toCompletableFuture().join();
    }

    /** Empties every L1 and this test's Redis prefix, all but the hot-key ranking. */
    void cold() {
        for (TieredCache<?, ?> c : tiers.all().values()) {
            c.invalidateL1Everything();
        }
        RedisPrefix.emptyExcept(redis, keys.scanPattern(), key -> key.contains(":hot:"));
    }

    @Test
    void readsAreSampledWarmedIntoL2AndTheFirstReadAfterTheWarmUpIsNoDatabaseRead() throws Exception {
        for (int i = 0; i < 5; i++) {
            given().get(history).then().statusCode(200);
            given().get(LATEST).then().statusCode(200);
            given().get(TICKER).then().statusCode(200);
        }
        publisher.publish().toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<HotKey> top = ranking.top(50).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(top).extracting(HotKey::id).contains(keys.ticker(ETH).id());
        assertThat(top.get(0).score()).as("5 requests each, decayed by milliseconds").isBetween(4.9, 5.0);

        cold();
        given().get(history).then().header("X-Cache", equalTo("L3"));
        cold();

        WarmupSummary s = warmer.run(Warmer.Trigger.ON_DEMAND, WarmupRequest.HOT).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        assertThat(s.outcome()).isEqualTo(WarmupSummary.COMPLETED);
        assertThat(s.warmed()).isGreaterThanOrEqualTo(top.size());
        for (TieredCache<?, ?> c : tiers.all().values()) {
            c.invalidateL1Everything();
        }
        given().get(history).then().statusCode(200).header("X-Cache", equalTo("L2"))
                .header("Server-Timing", not(containsString("l3")));
        given().get(LATEST).then().statusCode(200).header("X-Cache", equalTo("L2"));
        given().get(history).then().statusCode(200).header("X-Cache", equalTo("L1"));

        // A new pod: its L1 is empty, the start-up warm fills it from L2 only, the first read is an L1 hit.
        for (TieredCache<?, ?> c : tiers.all().values()) {
            c.invalidateL1Everything();
        }
        StartupL1Warmer.State state = startup.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(state.phase()).isEqualTo(StartupL1Warmer.Phase.WARM);
        assertThat(state.loaded()).isGreaterThanOrEqualTo(2);
        given().get(history).then().statusCode(200).header("X-Cache", equalTo("L1"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'marketcache-l1-warmup' }.data.warm", equalTo(true));
    }
}
