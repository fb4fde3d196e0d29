package org.marketcache.invalidate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.events.CacheEvents;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.MarketDataStore;
import org.marketcache.testkit.CandleSeeding;
import org.marketcache.testkit.MarketCacheTestResource;
import org.marketcache.testkit.MarketFixtures;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The invalidate function against the real Redis and PostgreSQL: every request shape, counts per tier, events. */
@QuarkusTest
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvalidateIT {
    static final String ADMIN = "Bearer test-admin-token-0123456789";
    static final Instrument BTC = Instrument.of("binance", "BTC/USDT");
    static final Instrument ETH = Instrument.of("binance", "ETH/USDT");
    static final Instrument OKX = Instrument.of("okx", "BTC/USDT");
    static final long NOW = System.currentTimeMillis();
    static final long CHUNK = 240 * 60_000L;
    static final long FIRST = (NOW / CHUNK - 6) * CHUNK;

    @Inject
    MarketDataStore store;
    @Inject
    CacheTiers tiers;
    @Inject
    KeySchema keys;
    @Inject
    InstrumentRegistry instruments;
    @Inject
    CacheEvents events;

    @BeforeAll
    void seed() {
        for (Instrument i : List.of(BTC, ETH, OKX)) {
            int id = store.ensureInstrument(i).await().atMost(Duration.ofSeconds(10));
            CandleSeeding.upsert(MarketFixtures.candles(FIRST, FIRST + 6 * CHUNK, new BigDecimal("100.5"), true),
                    batch -> store.upsertCandles(id, batch));
        }
        instruments.reload().toCompletableFuture().join();
    }

    List<SeriesKey> chunks(Instrument i, Timeframe tf) {
        int per = tf == Timeframe.M1 ? 240 : tf == Timeframe.H1 ? 168 : 0;
        long span = per * tf.millis();
        List<SeriesKey> out = new ArrayList<>();
        for (long idx = FIRST / span; idx * span < FIRST + 6 * CHUNK; idx++) {
            out.add(keys.candleChunk(i, tf, per, idx));
        }
        return out;
    }

    /** Loads the instrument's 1m and 1h chunks into L2 (and L1) through the normal read path. */
    @BeforeEach
    void warm() throws Exception {
        for (Instrument i : List.of(BTC, ETH, OKX)) {
            for (Timeframe tf : List.of(Timeframe.M1, Timeframe.H1)) {
                List<SeriesKey> ks = chunks(i, tf);
                tiers.candles(tf).getAll(ks).toCompletableFuture().get(10, TimeUnit.SECONDS);
                Awaitility.await("filled").atMost(Duration.ofSeconds(5)).until(() -> inL2(tf, ks) == ks.size());
            }
        }
    }

    long inL2(Timeframe tf, List<SeriesKey> ks) throws Exception {
        Map<SeriesKey, CacheEntry<SeriesChunk>> got = tiers.candles(tf).view().readL2(ks).toCompletableFuture()
                .get(5, TimeUnit.SECONDS).entries();
        return got.size();
    }

    void appliedHere(String eventId) {
        Awaitility.await("this pod applied event " + eventId).atMost(Duration.ofSeconds(5))
                .until(() -> events.lastApplied() != null && events.lastApplied().compareTo(eventId) >= 0);
    }

    @Test
    void theAdminTokenIsRequired() {
        given().contentType(ContentType.JSON).body("{\"all\":true}").post("/v1/invalidate").then().statusCode(401);
    }

    @Test
    void exactKeysBecomeTombstonesAndEveryPodIsTold() throws Exception {
        SeriesKey k = chunks(BTC, Timeframe.M1).get(1);
        String event = given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"keys\":[\"" + k.id() + "\"]}").post("/v1/invalidate").then().statusCode(200)
                .body("l2Removed", equalTo(1)).body("l3Removed", equalTo(0)).body("events", hasSize(1))
                .extract().path("events[0]");
        assertThat(inL2(Timeframe.M1, List.of(k))).isZero();
        assertThat(inL2(Timeframe.M1, chunks(BTC, Timeframe.M1))).isEqualTo(chunks(BTC, Timeframe.M1).size() - 1);
        appliedHere(event);
        assertThat(tiers.candles(Timeframe.M1).view().l1Entry(k)).isNull();
    }

    @Test
    void keysOfAnotherDeploymentOrGarbageAreRefused() {
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body("{\"keys\":[\"other:v1:tickers:{binance:BTC-USDT}\"]}").post("/v1/invalidate").then()
                .statusCode(400).body("error", equalTo("INVALID_KEY")).body("field", equalTo("keys[0]"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"exchange\":\"binance\","
                + "\"symbol\":\"BTC/USDT\",\"dataType\":\"quotes\"}").post("/v1/invalidate").then().statusCode(400)
                .body("field", equalTo("dataType"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{}").post("/v1/invalidate")
                .then().statusCode(400);
    }

    @Test
    void oneTimeframeOfOneInstrument() throws Exception {
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"exchange\":\"binance\","
                + "\"symbol\":\"ETH/USDT\",\"dataType\":\"candles\",\"timeframe\":\"1h\"}").post("/v1/invalidate")
                .then().statusCode(200).body("l2Removed", equalTo(chunks(ETH, Timeframe.H1).size()));
        assertThat(inL2(Timeframe.H1, chunks(ETH, Timeframe.H1))).isZero();
        assertThat(inL2(Timeframe.M1, chunks(ETH, Timeframe.M1))).as("1m untouched")
                .isEqualTo(chunks(ETH, Timeframe.M1).size());
        assertThat(inL2(Timeframe.H1, chunks(BTC, Timeframe.H1))).as("other instrument untouched")
                .isEqualTo(chunks(BTC, Timeframe.H1).size());
    }

    @Test
    void aTimeRange() throws Exception {
        List<SeriesKey> all = chunks(OKX, Timeframe.M1);
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"exchange\":\"okx\","
                + "\"symbol\":\"BTC-USDT\",\"dataType\":\"candles\",\"timeframe\":\"1m\",\"from\":" + all.get(2).start()
                + ",\"to\":" + all.get(4).start() + "}").post("/v1/invalidate").then().statusCode(200)
                .body("l2Removed", equalTo(2));
        assertThat(inL2(Timeframe.M1, all.subList(2, 4))).isZero();
        assertThat(inL2(Timeframe.M1, all)).isEqualTo(all.size() - 2);
    }

    @Test
    void aWholeExchangeAndEverything() throws Exception {
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"exchange\":\"binance\"}")
                .post("/v1/invalidate").then().statusCode(200)
                .body("l2Removed", greaterThanOrEqualTo(2 * (chunks(BTC, Timeframe.M1).size()
                        + chunks(BTC, Timeframe.H1).size()) - 2));
        assertThat(inL2(Timeframe.M1, chunks(BTC, Timeframe.M1))).isZero();
        assertThat(inL2(Timeframe.M1, chunks(OKX, Timeframe.M1))).isEqualTo(chunks(OKX, Timeframe.M1).size());
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"all\":true}")
                .post("/v1/invalidate").then().statusCode(200);
        assertThat(inL2(Timeframe.M1, chunks(OKX, Timeframe.M1))).isZero();
        for (TieredCache<?, ?> c : tiers.all().values()) {
            assertThat(c.view().l1Size()).as(c.name()).isZero();
        }
    }
}
