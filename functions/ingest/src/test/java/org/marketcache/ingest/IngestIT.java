package org.marketcache.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.engine.Lookup;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.CandleChunkCodec;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.marketdata.cache.TradeChunkCodec;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.testkit.MarketCacheTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/** The ingest function against the real PostgreSQL and Redis: validation, authentication, the three write modes. */
@QuarkusTest
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true)
class IngestIT {
    static final String TOKEN = "Bearer test-ingest-token-0123456789";
    static final long NOW = System.currentTimeMillis();
    static final long LIVE = Timeframe.M1.align(NOW);

    @Inject
    CacheTiers tiers;
    @Inject
    KeySchema keys;
    @Inject
    Redis redis;

    static String candle(String symbol, long openTime, String close, boolean closed) {
        return "{\"exchange\":\"binance\",\"symbol\":\"" + symbol + "\",\"openTime\":" + openTime
                + ",\"open\":\"100.00\",\"high\":\"101.50\",\"low\":\"99.00\",\"close\":\"" + close
                + "\",\"volume\":\"12.345\",\"closed\":" + closed + "}";
    }

    static long count(String sql) throws Exception {
        try (Connection c = MarketCacheTestResource.database().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void everyCallNeedsTheIngestToken() {
        given().contentType(ContentType.JSON).body("[]").post("/v1/ingest/candles").then().statusCode(401)
                .body("error", equalTo("UNAUTHORIZED"));
        given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON).body("[]")
                .post("/v1/ingest/candles").then().statusCode(401).body("message", equalTo("wrong token"));
    }

    @Test
    void aBatchWithBadRecordsIsRejectedWholeAndEveryBadRecordIsListed() throws Exception {
        String body = "[" + candle("ADA/USDT", LIVE - 120_000, "100.50", true) + ","
                + "{\"exchange\":\"binance\",\"symbol\":\"ADA/USDT\",\"openTime\":" + (LIVE - 60_000)
                + ",\"open\":\"100\",\"high\":\"99\",\"low\":\"98\",\"close\":\"100\",\"volume\":\"1\",\"closed\":true},"
                + candle("ADA/USDT", LIVE, "100.50", false) + ","
                + "{\"exchange\":\"binance\",\"symbol\":\"adausdt\",\"openTime\":" + LIVE + "}]";
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).post("/v1/ingest/candles")
                .then().statusCode(400).body("error", equalTo("INVALID_BATCH")).body("total", equalTo(4))
                .body("records", hasSize(2)).body("records[0].index", equalTo(1))
                .body("records[0].field", equalTo("high")).body("records[1].index", equalTo(3))
                .body("records[1].field", equalTo("symbol"));
        assertThat(count("SELECT count(*) FROM instrument WHERE base = 'ADA'")).as("nothing written").isZero();
    }

    @Test
    void malformedBodiesAndUnknownTypesAreClearErrors() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("[{\"exchange\":")
                .post("/v1/ingest/candles").then().statusCode(400).body("error", equalTo("MALFORMED_BODY"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("[]").post("/v1/ingest/candles")
                .then().statusCode(400).body("error", equalTo("EMPTY_BATCH"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("[]").post("/v1/ingest/quotes")
                .then().statusCode(404).body("error", equalTo("UNKNOWN_DATA_TYPE"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("[" + candle("ADA/USDT", LIVE, "1", false).replace("\"openTime\"", "\"opentime\"") + "]")
                .post("/v1/ingest/candles").then().statusCode(400).body("records[0].field", equalTo("opentime"));
    }

    @Test
    void writeThroughIsDurableRewritesTheLiveChunkInL2AndIsIdempotent() throws Exception {
        Instrument xrp = Instrument.of("binance", "XRP/USDT");
        String first = "[" + candle("XRP/USDT", LIVE - 60_000, "100.25", true) + ","
                + candle("XRP/USDT", LIVE, "100.50", false) + "]";
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(first).post("/v1/ingest/candles")
                .then().statusCode(200).body("mode", equalTo("write-through")).body("durable", equalTo(true))
                .body("accepted", equalTo(2));
        SeriesKey live = keys.candleChunk(xrp, Timeframe.M1, 240, LIVE / (240 * 60_000L));
        Lookup<SeriesKey, SeriesChunk> read = tiers.candles(Timeframe.M1).getAll(List.of(live)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(lastClose(read.value(live))).isEqualTo("100.50");

        // The live candle moves: the database commits, L2's chunk is rewritten, the event goes out.
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("[" + candle("XRP/USDT", LIVE, "100.75", false) + "]").post("/v1/ingest/candles").then()
                .statusCode(200).body("l2Written", equalTo(1)).body("events", hasSize(1));
        CacheEntry<SeriesChunk> inL2 = tiers.candles(Timeframe.M1).view().readL2(List.of(live)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).entries().get(live);
        assertThat(lastClose(inL2.value())).isEqualTo("100.75");
        assertThat(tiers.candles(Timeframe.M1).view().l1Entry(live)).as("this pod's L1 copy dropped").isNull();

        // The same batch again changes nothing.
        long rows = count("SELECT count(*) FROM candle_1m");
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(first).post("/v1/ingest/candles")
                .then().statusCode(200);
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(first).post("/v1/ingest/candles")
                .then().statusCode(200);
        assertThat(count("SELECT count(*) FROM candle_1m")).isEqualTo(rows);
    }

    /**
     * A one-minute write changes the live candle of every higher timeframe: after the write's answer the 5m and 1h
     * chunks that were cached (L1 and L2) before it are gone, and the next read rolls up the new close.
     */
    @Test
    void higherTimeframesFollowAWrittenOneMinuteCandle() throws Exception {
        Instrument dot = Instrument.of("binance", "DOT/USDT");
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("[" + candle("DOT/USDT", LIVE, "100.10", false) + "]").post("/v1/ingest/candles").then()
                .statusCode(200);
        Map<Timeframe, SeriesKey> live = Map.of(
                Timeframe.M5, keys.candleChunk(dot, Timeframe.M5, 288, LIVE / (288 * Timeframe.M5.millis())),
                Timeframe.H1, keys.candleChunk(dot, Timeframe.H1, 168, LIVE / (168 * Timeframe.H1.millis())));
        for (Map.Entry<Timeframe, SeriesKey> e : live.entrySet()) {
            Lookup<SeriesKey, SeriesChunk> read = tiers.candles(e.getKey()).getAll(List.of(e.getValue()))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(lastClose(read.value(e.getValue()))).as(e.getKey() + " before").isEqualTo("100.10");
            assertThat(tiers.candles(e.getKey()).view().l1Entry(e.getValue())).as(e.getKey() + " cached").isNotNull();
        }

        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("[" + candle("DOT/USDT", LIVE, "100.35", false) + "]").post("/v1/ingest/candles").then()
                .statusCode(200);
        for (Map.Entry<Timeframe, SeriesKey> e : live.entrySet()) {
            Lookup<SeriesKey, SeriesChunk> read = tiers.candles(e.getKey()).getAll(List.of(e.getValue()))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(lastClose(read.value(e.getValue()))).as(e.getKey() + " after the write").isEqualTo("100.35");
        }
    }

    @Test
    void writeBackLogsMergesIntoL2AtOnceAndTheFlusherCommitsEachRecordOnce() throws Exception {
        Instrument doge = Instrument.of("okx", "DOGE/USDT");
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 50; i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"exchange\":\"okx\",\"symbol\":\"DOGE/USDT\",\"id\":\"wb-").append(i)
                    .append("\",\"time\":").append(NOW - 5_000 + i).append(",\"price\":\"0.1234\",\"amount\":\"")
                    .append(i + 1).append("\",\"side\":\"buy\"}");
        }
        body.append(']');
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body.toString())
                .post("/v1/ingest/trades").then().statusCode(202).body("mode", equalTo("write-back"))
                .body("logged", equalTo(true)).body("durable", equalTo(false));
        // Readers see the trades in L2 before the database has them.
        long chunk = Math.floorDiv(NOW - 5_000, 60_000L);
        SeriesKey key = keys.tradeChunk(doge, new org.marketcache.core.series.TimeChunking(60_000), chunk);
        CacheEntry<SeriesChunk> inL2 = tiers.trades().view().readL2(List.of(key)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).entries().get(key);
        assertThat(inL2).isNotNull();
        assertThat(TradeChunkCodec.trades(inL2.value()).stream().filter(t -> t.id().startsWith("wb-")).count())
                .isGreaterThan(0);
        // Sending it again (a client retry) must not write anything twice.
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body.toString())
                .post("/v1/ingest/trades").then().statusCode(202);
        Awaitility.await("the flusher committed the log").atMost(Duration.ofSeconds(20)).until(() -> count(
                "SELECT count(*) FROM trade WHERE trade_id LIKE 'wb-%'") == 50 && xlen(keys.writeBackLog()) == 0);
        assertThat(count("SELECT count(DISTINCT trade_id) FROM trade WHERE trade_id LIKE 'wb-%'")).isEqualTo(50);
    }

    @Test
    void anUnreadableLogEntryGoesToTheDeadLetterStreamWithItsReason() throws Exception {
        long before = xlen(keys.writeBackDeadLetters());
        redis.send(Request.cmd(Command.XADD).arg(keys.writeBackLog()).arg("*").arg("type").arg("trades")
                .arg("exchange").arg("okx").arg("symbol").arg("DOGE/USDT").arg("records").arg("not json"))
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        Awaitility.await("dead-lettered").atMost(Duration.ofSeconds(15))
                .until(() -> xlen(keys.writeBackDeadLetters()) == before + 1 && xlen(keys.writeBackLog()) == 0);
    }

    @Test
    void writeAroundStoresThenInvalidates() throws Exception {
        String book = "[{\"exchange\":\"huobi\",\"symbol\":\"LTC/USDT\",\"time\":" + NOW + ",\"sequence\":7,"
                + "\"bids\":[[\"80.10\",\"2\"],[\"80.00\",\"1\"]],\"asks\":[[\"80.20\",\"3\"]]}]";
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(book)
                .post("/v1/ingest/orderbooks").then().statusCode(200).body("mode", equalTo("write-around"))
                .body("events", hasSize(1)).body("events[0]", notNullValue());
        assertThat(count("SELECT count(*) FROM order_book")).isEqualTo(1);
    }

    @Test
    void ndjsonIsAcceptedForBulkLoads() throws Exception {
        String lines = candle("ATOM/USDT", LIVE - 180_000, "100.10", true) + "\n"
                + candle("ATOM/USDT", LIVE - 120_000, "100.20", true) + "\n";
        given().header("Authorization", TOKEN).contentType("application/x-ndjson")
                .body(lines.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/v1/ingest/candles").then().statusCode(200).body("accepted", equalTo(2));
    }

    long xlen(String key) throws Exception {
        return redis.send(Request.cmd(Command.XLEN).arg(key)).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS).toLong();
    }

    static String lastClose(SeriesChunk chunk) {
        List<Candle> c = CandleChunkCodec.candles(chunk);
        return c.get(c.size() - 1).close().toPlainString();
    }
}
