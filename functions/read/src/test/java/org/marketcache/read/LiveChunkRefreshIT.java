package org.marketcache.read;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.MarketDataStore;
import org.marketcache.store.testing.CountingStore;
import org.marketcache.testkit.CandleSeeding;
import org.marketcache.testkit.MarketCacheTestResource;
import org.marketcache.testkit.MarketFixtures;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A timer-driven refresh of a live candle chunk reads only the part that can change: from its first candle that was
 * not closed. Shown on the one-hour cache (chunks of a week): a closed hour of the live chunk is changed in the
 * database behind the cache's back; the refresh brings the new live candle but keeps the closed hour it had (it
 * did not read it again), and the database query of the refresh starts at the live hour, not at the chunk's start.
 * Past the hard expiry the chunk is read whole, and the changed hour appears.
 */
@QuarkusTest
@TestProfile(LiveChunkRefreshIT.ShortLives.class)
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveChunkRefreshIT {
    static final Instrument XRP = Instrument.of("binance", "XRP/USDT");
    static final long HOUR = 3_600_000L;
    static final long CHUNK = 168 * HOUR;

    /** {@link TestClock}; the one-hour cache: fresh 1 s, usable 5 s, in L2 and L1. */
    public static class ShortLives implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(TestClock.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marketcache.caches.\"candles-1h\".mutable-refresh", "1s",
                    "marketcache.caches.\"candles-1h\".mutable-ttl", "5s",
                    "marketcache.caches.\"candles-1h\".l1.refresh", "1s",
                    "marketcache.caches.\"candles-1h\".l1.ttl", "5s");
        }
    }

    @Inject
    MarketDataStore store;
    @Inject
    CountingStore counting;
    @Inject
    InstrumentRegistry instruments;
    int id;
    long chunkStart;

    @BeforeAll
    void seed() {
        long now = TestClock.TIME.currentTimeMillis();
        if (Timeframe.H1.align(now) + HOUR - now < 60_000L) {
            // The test moves the clock by 8.5 s and asks for the latest three hours: it must not cross an hour.
            TestClock.advance(Duration.ofMinutes(2));
            now = TestClock.TIME.currentTimeMillis();
        }
        if (now - Math.floorDiv(now, CHUNK) * CHUNK < 3 * HOUR) {
            TestClock.advance(Duration.ofHours(3)); // the live chunk must hold closed hours before the live one
            now = TestClock.TIME.currentTimeMillis();
        }
        chunkStart = Math.floorDiv(now, CHUNK) * CHUNK;
        id = store.ensureInstrument(XRP).await().atMost(Duration.ofSeconds(10));
        List<Candle> candles = MarketFixtures.candles(chunkStart, Timeframe.M1.align(now) + 60_000L,
                new BigDecimal("5.0000"), false);
        CandleSeeding.upsert(candles, batch -> store.upsertCandles(id, batch));
        instruments.reload().toCompletableFuture().join();
    }

    @Test
    void aRefreshReadsOnlyFromTheLiveCandleAndKeepsTheClosedOnes() {
        long now = TestClock.TIME.currentTimeMillis();
        long liveHour = Timeframe.H1.align(now);
        long closedHour = liveHour - 2 * HOUR;
        String url = "/v1/candles/binance/XRP-USDT?timeframe=1h&limit=3";
        given().get(url).then().statusCode(200).body("candles", hasSize(3))
                .body("candles[0].openTime", equalTo(closedHour)).body("candles[0].high", equalTo("6.0000"))
                .body("candles[2].closed", equalTo(false));

        // Behind the cache's back: a closed minute of a closed hour changes; the live minute moves on.
        long liveMinute = Timeframe.M1.align(now);
        store.upsertCandles(id, List.of(candle(closedHour, "99.9999", true), candle(liveMinute, "7.5000", false)))
                .await().atMost(Duration.ofSeconds(10));
        counting.reset();

        TestClock.advance(Duration.ofMillis(1500));
        Awaitility.await("the refresh brought the new live candle").atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> given().get(url).then().statusCode(200)
                        .body("candles[2].close", equalTo("7.5000")));
        given().get(url).then().body("candles[0].high", equalTo("6.0000")); // kept, not read again
        assertThat(counting.candleQueries()).extracting(CountingStore.Call::ranges).as("the refresh's query").isNotEmpty()
                .allSatisfy(ranges -> assertThat(ranges).containsExactly(TimeRange.of(liveHour, chunkStart + CHUNK)));

        // Past the hard expiry the chunk is read whole: the change to the closed hour shows.
        TestClock.advance(Duration.ofSeconds(7));
        counting.reset();
        given().get(url).then().statusCode(200).header("X-Cache", equalTo("L3"))
                .body("candles[0].high", equalTo("99.9999"));
        assertThat(counting.candleQueries()).extracting(CountingStore.Call::ranges).containsExactly(List.of(TimeRange.of(chunkStart, chunkStart + CHUNK)));
    }

    private static Candle candle(long openTime, String high, boolean closed) {
        BigDecimal h = new BigDecimal(high);
        return new Candle(openTime, new BigDecimal("5.0000"), h, new BigDecimal("4.0000"), h, BigDecimal.ONE, closed);
    }
}
