package org.marketcache.read;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.MarketDataStore;
import org.marketcache.testkit.CandleSeeding;
import org.marketcache.testkit.MarketCacheTestResource;
import org.marketcache.testkit.MarketFixtures;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Redis goes away (the test's own redis-server is killed): reads keep being answered from L1 and the database,
 * readiness stays UP and says degraded, and when Redis comes back the circuit closes and L2 is used again.
 */
@QuarkusTest
@TestProfile(RedisDownIT.ShortBreaker.class)
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "redis", value = "spare"))
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisDownIT {
    static final Instrument BNB = Instrument.of("huobi", "BNB/USDT");
    static final long NOW = System.currentTimeMillis();
    static final long CHUNK = 240 * 60_000L;
    static final long FIRST = (NOW / CHUNK - 8) * CHUNK;

    /** A breaker that opens after a few failures and retries after one second, so the test is short. */
    public static class ShortBreaker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marketcache.redis.circuit-breaker.request-volume", "4",
                    "marketcache.redis.circuit-breaker.delay", "1s",
                    "marketcache.redis.circuit-breaker.success-threshold", "1");
        }
    }

    @Inject
    MarketDataStore store;
    @Inject
    InstrumentRegistry instruments;

    @BeforeAll
    void seed() {
        int id = store.ensureInstrument(BNB).await().atMost(Duration.ofSeconds(10));
        CandleSeeding.upsert(MarketFixtures.candles(FIRST, Timeframe.M1.align(NOW) + 60_000L, new BigDecimal("612.3"),
                false), batch -> store.upsertCandles(id, batch));
        instruments.reload().toCompletableFuture().join();
    }

    String range(int chunk) {
        return "/v1/candles/huobi/BNB-USDT?from=" + (FIRST + chunk * CHUNK) + "&limit=240";
    }

    @Test
    void readsSurviveRedisGoingAwayAndUseItAgainWhenItComesBack() throws Exception {
        given().get(range(0)).then().statusCode(200).header("X-Cache", equalTo("L3"));
        given().get(range(0)).then().statusCode(200).header("X-Cache", equalTo("L1"));

        MarketCacheTestResource.spareRedis().stop();

        given().get(range(0)).then().statusCode(200).header("X-Cache", equalTo("L1")).body("candles", hasSize(240));
        for (int chunk = 1; chunk <= 6; chunk++) {
            given().get(range(chunk)).then().statusCode(200).header("X-Cache", equalTo("L3"))
                    .body("candles", hasSize(240));
        }
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'marketcache' }.data.degraded", equalTo(true))
                .body("checks.find { it.name == 'marketcache' }.data.redis", equalTo("DOWN"))
                .body("checks.find { it.name == 'marketcache' }.data.redisCircuit", equalTo("OPEN"));

        MarketCacheTestResource.spareRedis().restart();

        Awaitility.await("L2 in use again").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> {
                    given().get(range(7)).then().statusCode(200);
                    given().get("/q/health/ready").then().body(
                            "checks.find { it.name == 'marketcache' }.data.degraded", equalTo(false));
                });
    }
}
