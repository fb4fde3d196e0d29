package org.marketcache.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.marketcache.testkit.FunctionProcess;
import org.marketcache.testkit.RedisServers;

import io.restassured.http.ContentType;

/**
 * The functions on a real Redis Cluster of three masters that the test starts on spare ports: reads fill L2,
 * every invalidation shape works (all of an instrument's keys share one slot thanks to the hash tag), the event
 * stream reaches the reader, and write-back goes through the log.
 */
class RedisClusterIT {
    static RedisServers.Cluster cluster;
    static Deployment deployment;
    static FunctionProcess ingest;
    static FunctionProcess read;
    static FunctionProcess invalidate;
    static final long NOW = System.currentTimeMillis();
    static final long CHUNK = 240 * 60_000L;
    static final long FIRST = (NOW / CHUNK - 4) * CHUNK;

    @BeforeAll
    static void start() throws Exception {
        cluster = RedisServers.startCluster(3);
        deployment = new Deployment("mc_st_cluster", cluster.hosts(), "cluster");
        ingest = deployment.start("ingest", "ingest");
        read = deployment.start("read", "read");
        invalidate = deployment.start("invalidate", "invalidate");
        for (String symbol : List.of("BTC/USDT", "ETH/USDT", "SOL/USDT")) {
            StringBuilder body = new StringBuilder("[");
            for (long t = FIRST; t < FIRST + 3 * CHUNK; t += 60_000) {
                if (t > FIRST) {
                    body.append(',');
                }
                body.append("{\"exchange\":\"okx\",\"symbol\":\"").append(symbol).append("\",\"openTime\":").append(t)
                        .append(",\"open\":\"10\",\"high\":\"12\",\"low\":\"9\",\"close\":\"11\",\"volume\":\"1\","
                                + "\"closed\":true}");
            }
            given().baseUri(ingest.url()).header("Authorization", "Bearer " + Deployment.INGEST_TOKEN)
                    .contentType(ContentType.JSON).body(body.append(']').toString()).post("/v1/ingest/candles").then()
                    .statusCode(200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (deployment != null) {
            deployment.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    static String xcache(String symbol, int chunk) {
        return given().baseUri(read.url()).get("/v1/candles/okx/" + symbol + "?from=" + (FIRST + chunk * CHUNK)
                + "&limit=240").then().statusCode(200).extract().header("X-Cache");
    }

    static void cached(String symbol, int chunk) {
        xcache(symbol, chunk);
        Awaitility.await(symbol + " chunk " + chunk + " in L1").atMost(Duration.ofSeconds(5))
                .until(() -> "L1".equals(xcache(symbol, chunk)));
    }

    static int invalidate(String body) {
        return given().baseUri(invalidate.url()).header("Authorization", "Bearer " + Deployment.ADMIN_TOKEN)
                .contentType(ContentType.JSON).body(body).post("/v1/invalidate").then().statusCode(200)
                .extract().path("l2Removed");
    }

    @Test
    void invalidationByRangeInstrumentAndExchangeWorksOnACluster() {
        cached("BTC-USDT", 0);
        cached("BTC-USDT", 1);
        cached("ETH-USDT", 0);
        cached("SOL-USDT", 0);
        assertThat(cluster.nodes().stream().filter(n -> {
            try {
                return !n.cli("dbsize").trim().equals("0");
            } catch (Exception e) {
                return false;
            }
        }).count()).as("keys spread over more than one master").isGreaterThan(1);

        assertThat(invalidate("{\"exchange\":\"okx\",\"symbol\":\"BTC/USDT\",\"dataType\":\"candles\","
                + "\"timeframe\":\"1m\",\"from\":" + FIRST + ",\"to\":" + (FIRST + CHUNK) + "}")).isEqualTo(1);
        Awaitility.await("the reader dropped the chunk").atMost(Duration.ofSeconds(5))
                .until(() -> "L3".equals(xcache("BTC-USDT", 0)));
        assertThat(xcache("BTC-USDT", 1)).isEqualTo("L1");

        assertThat(invalidate("{\"exchange\":\"okx\",\"symbol\":\"ETH/USDT\"}")).isGreaterThanOrEqualTo(1);
        Awaitility.await("the reader dropped ETH").atMost(Duration.ofSeconds(5))
                .until(() -> "L3".equals(xcache("ETH-USDT", 0)));

        assertThat(invalidate("{\"exchange\":\"okx\"}")).isGreaterThanOrEqualTo(2);
        Awaitility.await("the reader dropped SOL").atMost(Duration.ofSeconds(5))
                .until(() -> "L3".equals(xcache("SOL-USDT", 0)));
    }

    @Test
    void writeBackAndEventsWorkOnACluster() {
        long t = NOW - 10_000;
        given().baseUri(ingest.url()).header("Authorization", "Bearer " + Deployment.INGEST_TOKEN)
                .contentType(ContentType.JSON).body("[{\"exchange\":\"okx\",\"symbol\":\"BTC/USDT\",\"id\":\"c1\","
                        + "\"time\":" + t + ",\"price\":\"11\",\"amount\":\"2\",\"side\":\"buy\"}]")
                .post("/v1/ingest/trades").then().statusCode(202);
        Awaitility.await("the trade is readable").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().baseUri(read.url()).get("/v1/trades/okx/BTC-USDT?limit=1").then().statusCode(200)
                        .body("trades[0].id", equalTo("c1")));
    }
}
