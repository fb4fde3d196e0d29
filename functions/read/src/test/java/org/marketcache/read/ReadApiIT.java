package org.marketcache.read;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.PriceLevel;
import org.marketcache.marketdata.Side;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.Trade;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.MarketDataStore;
import org.marketcache.testkit.CandleSeeding;
import org.marketcache.testkit.MarketCacheTestResource;
import org.marketcache.testkit.MarketFixtures;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The read API end to end against the real PostgreSQL and Redis: every endpoint, the tier that answers, and every
 * bad-input case the API promises a 400/404 for.
 */
@QuarkusTest
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadApiIT {
    static final Instrument BTC = Instrument.of("binance", "BTC/USDT");
    static final long NOW = System.currentTimeMillis();
    static final long LIVE = Timeframe.M1.align(NOW);
    static final long FIRST = Timeframe.D1.align(NOW) - 86_400_000L;

    /** Pinned to the seeded live candle, so a minute boundary passing during the test changes nothing. */
    static final String LATEST_10 = "/v1/candles/binance/BTC-USDT?timeframe=1m&limit=10&to=" + (LIVE + 60_000L);

    @Inject
    MarketDataStore store;
    @Inject
    CacheTiers tiers;
    @Inject
    InstrumentRegistry instruments;

    @BeforeAll
    void seed() {
        int id = store.ensureInstrument(BTC).await().atMost(Duration.ofSeconds(10));
        List<Candle> candles = MarketFixtures.candles(FIRST, LIVE + 60_000L, new BigDecimal("65000.10"), false);
        CandleSeeding.upsert(candles, batch -> store.upsertCandles(id, batch));
        store.insertTickers(id, List.of(new Ticker(NOW - 1000, new BigDecimal("64999.90"), new BigDecimal("65000.10"),
                new BigDecimal("65000.00"), new BigDecimal("1234.5678")))).await().atMost(Duration.ofSeconds(10));
        List<PriceLevel> bids = new ArrayList<>();
        List<PriceLevel> asks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            bids.add(new PriceLevel(new BigDecimal("64999.9").subtract(BigDecimal.valueOf(i)), new BigDecimal("0.5")));
            asks.add(new PriceLevel(new BigDecimal("65000.1").add(BigDecimal.valueOf(i)), new BigDecimal("0.25")));
        }
        store.insertOrderBooks(id, List.of(new OrderBook(NOW - 500, 42, bids, asks))).await()
                .atMost(Duration.ofSeconds(10));
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            trades.add(new Trade("t" + i, NOW - 600_000L + i * 2000L, new BigDecimal("65000.5"),
                    new BigDecimal("0.001"), i % 2 == 0 ? Side.BUY : Side.SELL));
        }
        store.insertTrades(id, trades).await().atMost(Duration.ofSeconds(10));
        instruments.reload().toCompletableFuture().join();
    }

    void clearL1() {
        for (TieredCache<?, ?> c : tiers.all().values()) {
            c.invalidateL1Everything();
        }
    }

    @Test
    void latestCandlesComeFromTheDatabaseThenFromL1ThenFromL2() {
        clearL1();
        Response first = given().get(LATEST_10);
        first.then().statusCode(200).header("X-Cache", equalTo("L3")).header("Server-Timing", containsString("l3;dur="))
                .body("exchange", equalTo("binance")).body("symbol", equalTo("BTC/USDT"))
                .body("timeframe", equalTo("1m")).body("candles", hasSize(10))
                .body("candles[9].openTime", equalTo(LIVE)).body("candles[9].closed", equalTo(false))
                .body("candles[0].closed", equalTo(true)).body("candles[0].open", equalTo("65000.10"));
        given().get(LATEST_10).then().statusCode(200)
                .header("X-Cache", equalTo("L1"));
        Awaitility.await("the L3 answer was filled into L2").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            clearL1();
            given().get(LATEST_10).then().statusCode(200)
                    .header("X-Cache", equalTo("L2"));
        });
    }

    @Test
    void candleRangeAcceptsEpochMillisAndIso() {
        long from = LIVE - 120 * 60_000L;
        long to = LIVE - 60 * 60_000L;
        given().get("/v1/candles/binance/BTC-USDT?from=" + from + "&to=" + to).then().statusCode(200)
                .body("candles", hasSize(60)).body("candles[0].openTime", equalTo(from))
                .body("candles[59].openTime", equalTo(to - 60_000L));
        given().get("/v1/candles/binance/BTC-USDT?from=" + Instant.ofEpochMilli(from) + "&limit=3").then()
                .statusCode(200).body("candles", hasSize(3)).body("candles[2].openTime", equalTo(from + 120_000L));
    }

    @Test
    void higherTimeframesAreRolledUpFromOneMinuteCandles() {
        long hour = Timeframe.H1.align(LIVE) - 3 * 3_600_000L;
        given().get("/v1/candles/binance/btc-usdt?timeframe=1h&from=" + hour + "&limit=1").then().statusCode(200)
                .body("candles", hasSize(1)).body("candles[0].openTime", equalTo(hour))
                .body("candles[0].volume", equalTo("75.00")).body("candles[0].open", equalTo("65000.10"))
                .body("candles[0].closed", equalTo(true));
    }

    @Test
    void tickerOrderBookAndTrades() {
        given().get("/v1/tickers/binance/BTC-USDT").then().statusCode(200).body("bid", equalTo("64999.90"))
                .body("volume24h", equalTo("1234.5678")).body("symbol", equalTo("BTC/USDT"));
        given().get("/v1/orderbooks/binance/BTC-USDT?depth=3").then().statusCode(200).body("bids", hasSize(3))
                .body("asks[0][0]", equalTo("65000.1")).body("bids[0][1]", equalTo("0.5"))
                .body("sequence", equalTo(42));
        given().get("/v1/orderbooks/binance/BTC-USDT").then().statusCode(200).body("bids", hasSize(20));
        given().get("/v1/trades/binance/BTC-USDT?limit=5").then().statusCode(200).body("trades", hasSize(5))
                .body("trades[4].id", equalTo("t299")).body("trades[0].side", notNullValue());
        long from = NOW - 600_000L;
        given().get("/v1/trades/binance/BTC-USDT?from=" + from + "&to=" + (from + 20_000L)).then().statusCode(200)
                .body("trades", hasSize(10)).body("trades[0].id", equalTo("t0")).body("trades[0].amount",
                        equalTo("0.001"));
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("/v1/candles/binance/BTC-USDT?timeframe=2m", 400, "INVALID_TIMEFRAME", "timeframe"),
                Arguments.of("/v1/candles/binance/btcusdt", 400, "INVALID_SYMBOL", "symbol"),
                Arguments.of("/v1/candles/binance/BTC-USDT?limit=0", 400, "INVALID_LIMIT", "limit"),
                Arguments.of("/v1/candles/binance/BTC-USDT?limit=abc", 400, "INVALID_LIMIT", "limit"),
                Arguments.of("/v1/candles/binance/BTC-USDT?limit=99999", 400, "INVALID_LIMIT", "limit"),
                Arguments.of("/v1/candles/binance/BTC-USDT?from=2026-11-30T00:00:00Z&to=2026-11-29T00:00:00Z", 400,
                        "INVALID_RANGE", "from"),
                Arguments.of("/v1/candles/binance/BTC-USDT?from=0&to=4000000000000", 400, "RANGE_TOO_LARGE", "to"),
                Arguments.of("/v1/candles/binance/BTC-USDT?from=yesterday", 400, "INVALID_TIME", "from"),
                Arguments.of("/v1/candles/bin%20ance/BTC-USDT", 400, "INVALID_EXCHANGE", "exchange"),
                Arguments.of("/v1/orderbooks/binance/BTC-USDT?depth=0", 400, "INVALID_DEPTH", "depth"),
                Arguments.of("/v1/trades/binance/BTC-USDT?from=0&to=86400000", 400, "RANGE_TOO_LARGE", "to"),
                Arguments.of("/v1/candles/nosuchexchange/BTC-USDT", 404, "UNKNOWN_EXCHANGE", "exchange"),
                Arguments.of("/v1/candles/binance/NOPE-USDT", 404, "UNKNOWN_SYMBOL", "symbol"),
                Arguments.of("/v1/tickers/binance/NOPE-USDT", 404, "UNKNOWN_SYMBOL", "symbol"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void badInputIsAClearJsonError(String path, int status, String code, String field) {
        Response r = given().get(path);
        r.then().statusCode(status).contentType("application/json").body("error", equalTo(code))
                .body("field", equalTo(field)).body("message", notNullValue());
        assertThat(r.asString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void unknownRoutesAreJsonToo() {
        given().get("/v1/nothing").then().statusCode(404);
    }

    @Test
    void openApiHealthAndMetricsAreServed() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/candles/{exchange}/{symbol}"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'marketcache' }.data.redis", equalTo("UP"))
                .body("checks.find { it.name == 'marketcache' }.data.database", equalTo("UP"))
                .body("checks.find { it.name == 'marketcache-l1-warmup' }.status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/v1/candles/binance/BTC-USDT?limit=1").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("cache_gets_total{cache=\"candles-1m\",result=\"hit\",tier=\"l1\"}"))
                .body(containsString("cache_latency_seconds"));
    }
}
