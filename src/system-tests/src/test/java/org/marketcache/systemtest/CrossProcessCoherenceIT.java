package org.marketcache.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.marketcache.testkit.FunctionProcess;
import org.marketcache.testkit.TestServices;
import org.marketcache.testkit.WallClock;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Two read processes, an ingest process and an invalidate process sharing one Redis and one database, as pods do.
 * After a write or an invalidation, no reader may serve the old value once the bound has passed; the test measures
 * the lag (from the write's answer to the moment both readers serve the new value) and asserts the bound.
 */
class CrossProcessCoherenceIT {
    /** The bound asserted here; docs/consistency.md gives the measured figures. */
    static final long BOUND_MILLIS = 2_000;
    /** The live minute when the candles were seeded, a couple of minutes clear of the next hour. */
    static long live;

    static Deployment deployment;
    static FunctionProcess ingest;
    static FunctionProcess readA;
    static FunctionProcess readB;
    static FunctionProcess invalidate;
    static final List<Long> lags = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        deployment = new Deployment("mc_st_coherence", TestServices.redisUrl(), "standalone");
        ingest = deployment.start("ingest", "ingest");
        readA = deployment.start("read", "read-a");
        readB = deployment.start("read", "read-b");
        invalidate = deployment.start("invalidate", "invalidate");
        // The readers run on the wall clock; the live chunk must stay the live chunk through both tests.
        long now = WallClock.clearOf(Duration.ofHours(1), Duration.ofMinutes(2));
        live = now - now % 60_000;
        StringBuilder candles = new StringBuilder("[");
        for (int i = 0; i <= 60 * 8; i++) {
            long t = live - (60L * 8 - i) * 60_000;
            if (i > 0) {
                candles.append(',');
            }
            candles.append(candle(t, "20.10", t != live));
        }
        post(ingest, "/v1/ingest/candles", candles.append(']').toString(), Deployment.INGEST_TOKEN).then()
                .statusCode(200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (deployment != null) {
            deployment.close();
        }
        if (!lags.isEmpty()) {
            List<Long> sorted = new ArrayList<>(lags);
            Collections.sort(sorted);
            String report = "coherence lag over " + sorted.size() + " changes: min " + sorted.get(0) + " ms, median "
                    + sorted.get(sorted.size() / 2) + " ms, max " + sorted.get(sorted.size() - 1) + " ms (bound "
                    + BOUND_MILLIS + " ms)";
            System.out.println(report);
            Files.writeString(FunctionProcess.repositoryRoot().resolve("src/system-tests/target/coherence-lag.txt"),
                    report + "\n");
        }
    }

    static String candle(long openTime, String close, boolean closed) {
        return "{\"exchange\":\"binance\",\"symbol\":\"LINK/USDT\",\"openTime\":" + openTime + ",\"open\":\"20.00\","
                + "\"high\":\"30.00\",\"low\":\"10.00\",\"close\":\"" + close + "\",\"volume\":\"5\",\"closed\":"
                + closed + "}";
    }

    static Response post(FunctionProcess p, String path, String body, String token) {
        return given().baseUri(p.url()).header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body(body).post(path);
    }

    static String closeOf(FunctionProcess reader, String query, int index) {
        return given().baseUri(reader.url()).get("/v1/candles/binance/LINK-USDT?" + query).then().statusCode(200)
                .extract().path("candles[" + index + "].close");
    }

    /** Polls both readers until they serve {@code expected}; returns the milliseconds that took. */
    static long lagUntilBothServe(String query, int index, String expected, long sinceNanos) {
        AtomicBoolean a = new AtomicBoolean();
        AtomicBoolean b = new AtomicBoolean();
        long waitedMillis = (System.nanoTime() - sinceNanos) / 1_000_000;
        try {
            Awaitility.await("both readers serve " + expected)
                    .atMost(Duration.ofMillis(Math.max(1, 10 * BOUND_MILLIS - waitedMillis)))
                    .pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
                        if (!a.get()) {
                            a.set(expected.equals(closeOf(readA, query, index)));
                        }
                        if (!b.get()) {
                            b.set(expected.equals(closeOf(readB, query, index)));
                        }
                        return a.get() && b.get();
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("readers still serve the old value after "
                    + (System.nanoTime() - sinceNanos) / 1_000_000 + " ms (a=" + a + ", b=" + b + ")", e);
        }
        long lag = (System.nanoTime() - sinceNanos) / 1_000_000;
        lags.add(lag);
        return lag;
    }

    @Test
    void anIngestedLiveCandleReachesBothReadersWithinTheBound() {
        String latest = "limit=3&to=" + (live + 60_000);
        for (int round = 1; round <= 10; round++) {
            // Both readers hold the live chunk in L1 now.
            for (FunctionProcess r : List.of(readA, readB)) {
                closeOf(r, latest, 2);
                given().baseUri(r.url()).get("/v1/candles/binance/LINK-USDT?" + latest).then()
                        .header("X-Cache", equalTo("L1"));
            }
            String next = "20." + (10 + round);
            post(ingest, "/v1/ingest/candles", "[" + candle(live, next, false) + "]", Deployment.INGEST_TOKEN)
                    .then().statusCode(200);
            long lag = lagUntilBothServe(latest, 2, next, System.nanoTime());
            assertThat(lag).as("round %d", round).isLessThan(BOUND_MILLIS);
        }
    }

    @Test
    void anInvalidationAfterAnOutOfBandFixReachesBothReadersWithinTheBound() throws Exception {
        long hourAgo = live - 4 * 60 * 60_000L;
        String historical = "from=" + hourAgo + "&limit=1";
        for (FunctionProcess r : List.of(readA, readB)) {
            assertThat(closeOf(r, historical, 0)).isEqualTo("20.10");
            given().baseUri(r.url()).get("/v1/candles/binance/LINK-USDT?" + historical).then()
                    .header("X-Cache", equalTo("L1"));
        }
        // A correction applied straight to the database: the cached closed chunk knows nothing of it...
        try (Connection c = deployment.database.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE candle_1m SET close = 20.99 WHERE open_time = to_timestamp(" + hourAgo / 1000
                    + ")");
        }
        assertThat(closeOf(readA, historical, 0)).isEqualTo("20.10");
        // ...until it is invalidated.
        long start = System.nanoTime();
        post(invalidate, "/v1/invalidate", "{\"exchange\":\"binance\",\"symbol\":\"LINK/USDT\",\"dataType\":"
                + "\"candles\",\"timeframe\":\"1m\",\"from\":" + hourAgo + ",\"to\":" + (hourAgo + 60_000) + "}",
                Deployment.ADMIN_TOKEN).then().statusCode(200).body("l2Removed", equalTo(1));
        long lag = lagUntilBothServe(historical, 0, "20.99", start);
        assertThat(lag).isLessThan(BOUND_MILLIS);
    }
}
