package org.marketcache.read;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.MarketDataStore;
import org.marketcache.testkit.CandleSeeding;
import org.marketcache.testkit.MarketCacheTestResource;
import org.marketcache.testkit.MarketFixtures;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Staleness under an injected clock: stale-while-revalidate serves the old ticker while one background load fetches
 * the new one; with the database down, values past expiry are served marked {@code X-Cache-Stale: true} within the
 * stale-if-error window, and anything not cached is a 503 with a JSON reason. The database "goes down" for real:
 * it stops accepting connections and its sessions are terminated.
 */
@QuarkusTest
@TestProfile(DatabaseDownIT.InjectedClock.class)
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseDownIT {
    static final Instrument SOL = Instrument.of("binance", "SOL/USDT");
    static final long START = TestClock.TIME.currentTimeMillis();

    /** Uses {@link TestClock}; the tickers cache: fresh 1 s, usable 5 s, stale-if-error 2 min. */
    public static class InjectedClock implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(TestClock.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marketcache.l3.query-timeout", "1s",
                    "marketcache.caches.\"tickers\".mutable-refresh", "1s",
                    "marketcache.caches.\"tickers\".mutable-ttl", "5s",
                    "marketcache.caches.\"tickers\".l1.refresh", "1s",
                    "marketcache.caches.\"tickers\".l1.ttl", "5s",
                    "marketcache.caches.\"tickers\".stale-if-error", "2m");
        }
    }

    @Inject
    MarketDataStore store;
    @Inject
    InstrumentRegistry instruments;
    @Inject
    CacheTiers tiers;
    int id;

    @BeforeAll
    void seed() {
        id = store.ensureInstrument(SOL).await().atMost(Duration.ofSeconds(10));
        CandleSeeding.upsert(MarketFixtures.candles(Timeframe.D1.align(START), Timeframe.M1.align(START) + 60_000L,
                new BigDecimal("141.07"), false), batch -> store.upsertCandles(id, batch));
        ticker("141.05");
        instruments.reload().toCompletableFuture().join();
    }

    void ticker(String bid) {
        long t = TestClock.TIME.currentTimeMillis();
        store.insertTickers(id, List.of(new Ticker(t, new BigDecimal(bid), new BigDecimal("141.10"),
                new BigDecimal("141.07"), new BigDecimal("99")))).await().atMost(Duration.ofSeconds(10));
    }

    @AfterEach
    void databaseBack() {
        MarketCacheTestResource.database().acceptConnections(true);
    }

    @Test
    void staleWhileRevalidateThenStaleIfErrorThen503() {
        given().get("/v1/tickers/binance/SOL-USDT").then().statusCode(200).body("bid", equalTo("141.05"));

        // A newer ticker arrives; past the refresh time the old value is still served, fresh (within its usable
        // life), and one background load fetches the new one.
        TestClock.advance(Duration.ofMillis(1500));
        ticker("141.06");
        given().get("/v1/tickers/binance/SOL-USDT").then().statusCode(200).body("bid", equalTo("141.05"))
                .header("X-Cache-Stale", nullValue());
        Awaitility.await("the background refresh landed").atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> given().get("/v1/tickers/binance/SOL-USDT").then().body("bid",
                        equalTo("141.06")));

        MarketCacheTestResource.database().acceptConnections(false);
        TestClock.advance(Duration.ofSeconds(30));

        // Expired and the database is down: served from L1, marked stale.
        given().get("/v1/tickers/binance/SOL-USDT").then().statusCode(200).body("bid", equalTo("141.06"))
                .header("X-Cache-Stale", equalTo("true"));
        // Also from L2 when this pod's L1 has nothing.
        for (TieredCache<?, ?> c : tiers.all().values()) {
            c.invalidateL1Everything();
        }
        given().get("/v1/tickers/binance/SOL-USDT").then().statusCode(200).body("bid", equalTo("141.06"))
                .header("X-Cache-Stale", equalTo("true")).header("X-Cache", equalTo("L2"));
        // Never cached: nothing to serve, a 503 with a reason and no stack trace.
        given().get("/v1/candles/binance/SOL-USDT?limit=5").then().statusCode(503)
                .header("Retry-After", notNullValue()).body("error", notNullValue())
                .body("message", org.hamcrest.Matchers.containsString("database"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'marketcache' }.data.database", equalTo("DOWN"))
                .body("checks.find { it.name == 'marketcache' }.data.degraded", equalTo(true));

        // Past stale-if-error (2 min): not served any more.
        TestClock.advance(Duration.ofMinutes(3));
        given().get("/v1/tickers/binance/SOL-USDT").then().statusCode(503);

        MarketCacheTestResource.database().acceptConnections(true);
        Awaitility.await("the database answers again").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> given().get("/v1/tickers/binance/SOL-USDT")
                        .then().statusCode(200).header("X-Cache-Stale", nullValue()).body("bid", equalTo("141.06")));
    }
}
