package org.marketcache.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.marketcache.testkit.MarketCacheTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Limits: with no flusher running and room for two log entries, the third write-back batch is refused with 503 and
 * Retry-After instead of growing the log without bound; a body over the configured size is a 413 with a JSON reason.
 */
@QuarkusTest
@TestProfile(IngestLimitsIT.Tight.class)
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true)
class IngestLimitsIT {
    static final String TOKEN = "Bearer test-ingest-token-0123456789";

    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marketcache.ingest.write-back.flusher", "false",
                    "marketcache.ingest.write-back.max-pending", "2",
                    "marketcache.ingest.max-body-bytes", "4096");
        }
    }

    static String trade(String id) {
        return "[{\"exchange\":\"binance\",\"symbol\":\"BTC/USDT\",\"id\":\"" + id + "\",\"time\":"
                + System.currentTimeMillis() + ",\"price\":\"65000\",\"amount\":\"1\",\"side\":\"buy\"}]";
    }

    @Test
    void aFullWriteBackLogAnswers503WithRetryAfter() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(trade("a"))
                .post("/v1/ingest/trades").then().statusCode(202);
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(trade("b"))
                .post("/v1/ingest/trades").then().statusCode(202);
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(trade("c"))
                .post("/v1/ingest/trades").then().statusCode(503).header("Retry-After", notNullValue())
                .body("error", equalTo("WRITE_BACK_BACKLOG"));
    }

    @Test
    void anOversizedBodyIs413() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("[" + " ".repeat(5000) + "]")
                .post("/v1/ingest/trades").then().statusCode(413).body("error", equalTo("PAYLOAD_TOO_LARGE"));
    }
}
