package org.marketcache.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.marketcache.testkit.FunctionProcess;
import org.marketcache.testkit.TestServices;

import io.restassured.http.ContentType;

/**
 * The write-back flusher is killed (SIGKILL) in the middle of a batch: its database write is blocked on a table
 * lock the test holds, so the kill lands after the entries were read from the log and before they were committed
 * and acknowledged. A second ingest process started afterwards takes the dead flusher's entries over; at the end
 * every accepted trade is in the database exactly once and the log is empty.
 */
class WriteBackCrashIT {
    static final int BATCHES = 20;
    static final int PER_BATCH = 50;
    Deployment deployment;

    @AfterEach
    void stop() throws Exception {
        if (deployment != null) {
            deployment.close();
        }
    }

    static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void everyAcceptedRecordIsInTheDatabaseExactlyOnceAfterAFlusherCrash() throws Exception {
        deployment = new Deployment("mc_st_writeback", TestServices.redisUrl(), "standalone");
        String[] props = {"marketcache.ingest.write-back.claim-idle=3s", "marketcache.ingest.write-back.batch=8"};
        FunctionProcess first = deployment.start("ingest", "ingest-1", props);
        long now = System.currentTimeMillis();

        try (Connection lock = deployment.database.connect()) {
            lock.setAutoCommit(false);
            // One trade goes through first, so the instrument and the trade partitions exist.
            given().baseUri(first.url()).header("Authorization", "Bearer " + Deployment.INGEST_TOKEN)
                    .contentType(ContentType.JSON).body(trades(now, -1, 1)).post("/v1/ingest/trades").then()
                    .statusCode(202);
            try (Connection check = deployment.database.connect()) {
                Awaitility.await("first trade flushed").atMost(Duration.ofSeconds(20))
                        .until(() -> count(check, "SELECT count(*) FROM trade") == 1);
            }
            try (Statement s = lock.createStatement()) {
                s.execute("LOCK TABLE trade IN ACCESS EXCLUSIVE MODE");
            }
            for (int b = 0; b < BATCHES; b++) {
                given().baseUri(first.url()).header("Authorization", "Bearer " + Deployment.INGEST_TOKEN)
                        .contentType(ContentType.JSON).body(trades(now, b, PER_BATCH)).post("/v1/ingest/trades")
                        .then().statusCode(202);
            }
            try (Connection check = deployment.database.connect()) {
                Awaitility.await("the flusher is blocked inside a batch").atMost(Duration.ofSeconds(20))
                        .until(() -> count(check, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type ="
                                + " 'Lock' AND query ILIKE '%INSERT INTO trade%'") > 0);
            }
            first.kill();
            lock.rollback();
        }

        FunctionProcess second = deployment.start("ingest", "ingest-2", props);
        try (Connection check = deployment.database.connect()) {
            Awaitility.await("every accepted trade committed").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> count(check, "SELECT count(*) FROM trade") == 1 + BATCHES * PER_BATCH);
            assertThat(count(check, "SELECT count(DISTINCT (time, trade_id)) FROM trade"))
                    .isEqualTo(1 + BATCHES * PER_BATCH);
        }
        String log = new String(java.nio.file.Files.readAllBytes(second.log()));
        assertThat(log).contains("took over");
    }

    static String trades(long now, int batch, int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"exchange\":\"binance\",\"symbol\":\"BTC/USDT\",\"id\":\"b").append(batch).append('-')
                    .append(i).append("\",\"time\":").append(now - 30_000 + i).append(",\"price\":\"65000.5\","
                            + "\"amount\":\"0.01\",\"side\":\"sell\"}");
        }
        return sb.append(']').toString();
    }
}
