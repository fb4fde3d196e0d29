package org.marketcache.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.marketcache.testkit.MarketCacheTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The live-configuration API on the real Redis: every status code of {@code /v1/admin/config} (200 with ETag, 401,
 * 428, 409, 400, 413, 422 with every problem and nothing stored), two concurrent patches against one version of
 * which exactly one is stored, the history with who, when, what and why, a rollback that restores a value as a new
 * version, and the pods that acknowledged it.
 */
@QuarkusTest
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true)
class ConfigApiIT {
    static final String TOKEN = "Bearer test-admin-token-not-a-secret";
    static final String PATCH_TYPE = "application/merge-patch+json";

    static RequestSpecification admin() {
        return given().header("Authorization", TOKEN);
    }

    static long version() {
        String etag = admin().get("/v1/admin/config").then().statusCode(200).extract().header("ETag");
        return Long.parseLong(etag.replace("\"", ""));
    }

    static JsonPath patch(long ifMatch, String body, int status) {
        return admin().header("If-Match", "\"" + ifMatch + "\"").contentType(PATCH_TYPE).body(body)
                .patch("/v1/admin/config").then().log().ifValidationFails().statusCode(status).extract().jsonPath();
    }

    @Test
    void getAnswersTheDocumentWithItsVersionAsETag() {
        long v = version();
        admin().get("/v1/admin/config").then().statusCode(200).header("ETag", equalTo("\"" + v + "\""))
                .body("version", equalTo((int) v)).body("config.redis.timeout", notNullValue())
                .body("config.caches.tickers.l1.ttl", notNullValue())
                .body("config.ingest.write-mode.trades", notNullValue());
    }

    @Test
    void withoutTheTokenEveryCallIs401() {
        given().get("/v1/admin/config").then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        given().header("If-Match", "\"0\"").contentType(PATCH_TYPE).body("{}").patch("/v1/admin/config").then()
                .statusCode(401);
        given().get("/v1/admin/config/history").then().statusCode(401);
        given().get("/v1/admin/config/pods").then().statusCode(401);
        given().contentType("application/json").body("{\"version\":0}").post("/v1/admin/config/rollback").then()
                .statusCode(401);
    }

    @Test
    void aChangeWithoutIfMatchIs428AndAgainstAnOldVersionIs409() {
        long v = version();
        admin().contentType(PATCH_TYPE).body("{\"redis\":{\"timeout\":\"300ms\"}}").patch("/v1/admin/config").then()
                .statusCode(428).body("error", equalTo("PRECONDITION_REQUIRED")).body("field", equalTo("If-Match"));
        admin().contentType("application/json").body("{}").put("/v1/admin/config").then().statusCode(428);

        patch(v, "{\"redis\":{\"timeout\":\"300ms\"}}", 200);
        JsonPath conflict = patch(v, "{\"redis\":{\"timeout\":\"400ms\"}}", 409);

        assertThat(conflict.getString("error")).isEqualTo("VERSION_CONFLICT");
        assertThat(conflict.getLong("currentVersion")).isEqualTo(v + 1);
        admin().get("/v1/admin/config").then().body("config.redis.timeout", equalTo("300ms"));
    }

    @Test
    void malformedJsonIs400AndAnOversizedBodyIs413() {
        long v = version();
        admin().header("If-Match", "\"" + v + "\"").contentType(PATCH_TYPE).body("{\"redis\":").patch(
                "/v1/admin/config").then().statusCode(400).body("error", equalTo("MALFORMED_JSON"));
        String huge = "{\"reason\":\"" + "x".repeat(70_000) + "\"}";
        admin().header("If-Match", "\"" + v + "\"").contentType("application/json").body(huge).put(
                "/v1/admin/config").then().statusCode(413).body("error", equalTo("PAYLOAD_TOO_LARGE"));
        assertThat(version()).isEqualTo(v);
    }

    @Test
    void anInvalidDocumentIs422WithEveryProblemAndTheVersionIsUnchanged() {
        long v = version();
        JsonPath body = patch(v, """
                {"redis":{"timeout":"0s","key-prefix":"other"},"caches":{"orderbooks":{"jitter":2}},
                 "single-flight":{"lease-wait":"soon"}}""", 422);

        assertThat(body.getString("error")).isEqualTo("INVALID_CONFIG");
        assertThat(body.getList("problems.key", String.class)).containsExactlyInAnyOrder(
                "marketcache.redis.timeout", "marketcache.redis.key-prefix",
                "marketcache.caches.\"orderbooks\".jitter", "marketcache.single-flight.lease-wait");
        assertThat(body.getList("problems.rule", String.class)).contains("needs a restart",
                "must be between 0 and 0.5");
        assertThat(body.getList("problems.fix", String.class)).doesNotContainNull();
        assertThat(body.getList("problems.value", String.class)).contains("0ms", "other", "2", "soon");
        assertThat(version()).isEqualTo(v);

        admin().header("If-Match", "\"" + v + "\"").contentType("application/json")
                .body("{\"redis\":{\"timeout\":\"250ms\"}}").put("/v1/admin/config").then().statusCode(422)
                .body("problems.rule", hasItem("is required"));
        assertThat(version()).isEqualTo(v);
    }

    @Test
    void ofTwoConcurrentPatchesAgainstOneVersionExactlyOneIsStored() throws Exception {
        long v = version();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (String size : List.of("4100", "4200")) {
                calls.add(() -> admin().header("If-Match", "\"" + v + "\"").contentType(PATCH_TYPE)
                        .body("{\"caches\":{\"trades\":{\"l1\":{\"maximum-size\":" + size + "}}}}")
                        .patch("/v1/admin/config").then().extract().statusCode());
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                codes.add(f.get());
            }
            assertThat(codes).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(version()).isEqualTo(v + 1);
    }

    @Test
    void historyRecordsWhoWhenWhatAndWhyAndARollbackRestoresAsANewVersion() {
        long v = version();
        String before = admin().get("/v1/admin/config").then().extract().path("config.caches.tickers.l1.ttl");
        admin().header("If-Match", "\"" + v + "\"").header("X-Change-Reason", "shorter ticker L1")
                .contentType(PATCH_TYPE).body("{\"caches\":{\"tickers\":{\"l1\":{\"ttl\":\"8s\"}}}}")
                .patch("/v1/admin/config").then().statusCode(200).body("version", equalTo((int) v + 1))
                .header("ETag", equalTo("\"" + (v + 1) + "\"")).body("updatedBy", equalTo("admin"));

        admin().get("/v1/admin/config/history").then().statusCode(200)
                .body("versions[0].version", equalTo((int) v + 1)).body("versions[0].by", equalTo("admin"))
                .body("versions[0].at", notNullValue()).body("versions[0].reason", equalTo("shorter ticker L1"))
                .body("versions[0].diff", hasSize(1))
                .body("versions[0].diff[0].key", equalTo("marketcache.caches.\"tickers\".l1.ttl"))
                .body("versions[0].diff[0].from", equalTo(before)).body("versions[0].diff[0].to", equalTo("8s"));

        admin().contentType("application/json").body("{\"version\":" + v + "}").post(
                "/v1/admin/config/rollback").then().statusCode(200).body("version", equalTo((int) v + 2))
                .body("config.caches.tickers.l1.ttl", equalTo(before));
        admin().get("/v1/admin/config/history").then().body("versions[0].reason", containsString("rollback"))
                .body("versions[0].diff.find { it.key == 'marketcache.caches.\"tickers\".l1.ttl' }.to",
                        equalTo(before));
        admin().contentType("application/json").body("{\"version\":99999}").post("/v1/admin/config/rollback")
                .then().statusCode(404).body("error", equalTo("UNKNOWN_VERSION"));
    }

    @Test
    void podsListsThisFunctionWithTheVersionItApplied() {
        long v = version();
        if (v == 0) {
            patch(v, "{\"negative-cache\":{\"ttl\":\"31s\"}}", 200);
            v = 1;
        }
        long current = v;
        Awaitility.await("admin pod acknowledges version " + current).atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> admin().get("/v1/admin/config/pods").then().statusCode(200)
                        .body("version", equalTo((int) current))
                        .body("pods.find { it.function == 'marketcache-admin' }.version", equalTo((int) current))
                        .body("pods.find { it.function == 'marketcache-admin' }.status", equalTo("applied"))
                        .body("pods.find { it.function == 'marketcache-admin' }.startedAt", notNullValue()));
    }
}
