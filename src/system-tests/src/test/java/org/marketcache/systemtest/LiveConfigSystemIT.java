package org.marketcache.systemtest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.marketcache.testkit.FunctionProcess;
import org.marketcache.testkit.TestServices;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Live configuration across separately started processes, as pods run it: two read processes, an ingest process and
 * the admin process on one Redis key prefix and one database. A change made through the admin API is announced on
 * Redis pub/sub and applied by every pod within {@link #BOUND}; the pods check the stored version only every 5 s
 * (the default), so meeting the bound shows the announcement path, not the periodic check. The test also shows a
 * write-mode change on the ingest function's next batch, a read process started after a change being ready on it,
 * an invalid change that reaches no pod, and a rollback that every pod applies.
 */
class LiveConfigSystemIT {
    /** From the admin API's 200 to every pod's acknowledgement of the new version. */
    static final Duration BOUND = Duration.ofSeconds(2);
    static final String PATCH_TYPE = "application/merge-patch+json";
    static final String TICKER = "/v1/tickers/binance/ATOM-USDT";
    static final Pattern VERSION_GAUGE = Pattern.compile("^cache_config_version(?:\\{[^}]*})? (\\S+)$",
            Pattern.MULTILINE);

    static Deployment deployment;
    static FunctionProcess ingest;
    static FunctionProcess readA;
    static FunctionProcess readB;
    static FunctionProcess admin;

    @BeforeAll
    static void start() throws Exception {
        deployment = new Deployment("mc_st_live_config", TestServices.redisUrl(), "standalone");
        ingest = deployment.start("ingest", "ingest");
        readA = deployment.start("read", "read-a");
        readB = deployment.start("read", "read-b");
        admin = deployment.start("admin", "admin");
        for (FunctionProcess p : List.of(ingest, readA, readB, admin)) {
            Awaitility.await(p.name() + " ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> given().baseUri(p.url()).get("/q/health/ready").statusCode() == 200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (deployment != null) {
            deployment.close();
        }
    }

    static RequestSpecification asAdmin() {
        return given().baseUri(admin.url()).header("Authorization", "Bearer " + Deployment.ADMIN_TOKEN);
    }

    static long storedVersion() {
        return Long.parseLong(asAdmin().get("/v1/admin/config").then().statusCode(200).extract().header("ETag")
                .replace("\"", ""));
    }

    static Response patch(long ifMatch, String mergePatch) {
        return asAdmin().header("If-Match", "\"" + ifMatch + "\"").contentType(PATCH_TYPE).body(mergePatch)
                .patch("/v1/admin/config");
    }

    /** Patches against the stored version and answers the new one. */
    static long patched(String mergePatch) {
        return patch(storedVersion(), mergePatch).then().statusCode(200).extract().jsonPath().getLong("version");
    }

    /** Each of the four pods (by pod name, the process name) acknowledged {@code version} as applied. */
    static void assertEveryPodApplied(long version) {
        JsonPath pods = asAdmin().get("/v1/admin/config/pods").then().statusCode(200).extract().jsonPath();
        for (FunctionProcess p : List.of(ingest, readA, readB, admin)) {
            Map<String, Object> ack = pods.getMap("pods.find { it.pod == '" + p.name() + "' }");
            assertThat(ack).as("acknowledgement of %s", p.name()).isNotNull()
                    .containsEntry("status", "applied").containsEntry("version", (int) version);
        }
    }

    static ConditionFactory withinBound(String what) {
        return Awaitility.await(what).atMost(BOUND).pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(25));
    }

    static JsonPath readiness(FunctionProcess p) {
        return given().baseUri(p.url()).get("/q/health/ready").then().extract().jsonPath();
    }

    static long readinessVersion(JsonPath ready) {
        return ready.getLong("checks.find { it.name == 'marketcache-config' }.data.configVersion");
    }

    static double gaugeVersion(FunctionProcess p) {
        String metrics = given().baseUri(p.url()).get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = VERSION_GAUGE.matcher(metrics);
        assertThat(m.find()).as("cache_config_version in /q/metrics of %s", p.name()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aPatchOfTheL1SizeAndLifetimeIsAppliedByEveryPodWithinTheBound() {
        long before = storedVersion();

        long version = patch(before, """
                {"caches":{"candles-1m":{"l1":{"maximum-size":4321,"ttl":"7m","refresh":"3m"}}}}""")
                .then().statusCode(200).body("version", equalTo((int) before + 1))
                .body("config.caches.candles-1m.l1.maximum-size", equalTo(4321))
                .body("config.caches.candles-1m.l1.ttl", equalTo("7m")).extract().jsonPath().getLong("version");

        withinBound("every pod applies version " + version).untilAsserted(() -> assertEveryPodApplied(version));
        JsonPath ready = readiness(readA);
        assertThat(readinessVersion(ready)).isEqualTo(version);
        assertThat(ready.getString("checks.find { it.name == 'marketcache-config' }.data.configStatus"))
                .isEqualTo("current");
        assertThat(gaugeVersion(readB)).isEqualTo(version);
    }

    @Test
    void aWriteModeChangeTakesEffectOnTheIngestFunctionsNextBatch() {
        patched("{\"ingest\":{\"write-mode\":{\"tickers\":\"write-through\"}}}");
        Awaitility.await().atMost(BOUND).untilAsserted(() -> assertEveryPodApplied(storedVersion()));

        // Write-through rewrites the latest ticker in L2: a reader without an L1 copy finds it there.
        postTicker("9.10").then().statusCode(200).body("mode", equalTo("write-through")).body("l2Written", equalTo(1));
        given().baseUri(readA.url()).get(TICKER).then().statusCode(200).body("last", equalTo("9.10"))
                .header("X-Cache", equalTo("L2"));

        long version = patched("{\"ingest\":{\"write-mode\":{\"tickers\":\"write-around\"}}}");
        withinBound("every pod applies version " + version).untilAsserted(() -> assertEveryPodApplied(version));

        // Write-around only invalidates: the next reader without an L1 copy goes to the database.
        postTicker("9.20").then().statusCode(200).body("mode", equalTo("write-around")).body("l2Written", equalTo(0));
        given().baseUri(readB.url()).get(TICKER).then().statusCode(200).body("last", equalTo("9.20"))
                .header("X-Cache", equalTo("L3"));
    }

    static Response postTicker(String last) {
        String body = "[{\"exchange\":\"binance\",\"symbol\":\"ATOM/USDT\",\"time\":" + System.currentTimeMillis()
                + ",\"bid\":\"" + last + "\",\"ask\":\"" + last + "\",\"last\":\"" + last
                + "\",\"volume24h\":\"100\"}]";
        return given().baseUri(ingest.url()).header("Authorization", "Bearer " + Deployment.INGEST_TOKEN)
                .contentType("application/json").body(body).post("/v1/ingest/tickers");
    }

    @Test
    void aReadProcessStartedAfterAChangeIsReadyOnTheNewVersion() throws Exception {
        long version = patched("{\"negative-cache\":{\"ttl\":\"29s\"}}");
        withinBound("every pod applies version " + version).untilAsserted(() -> assertEveryPodApplied(version));

        FunctionProcess late = deployment.start("read", "read-late");
        try {
            AtomicReference<JsonPath> firstReady = new AtomicReference<>();
            Awaitility.await("read-late ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        Response r = given().baseUri(late.url()).get("/q/health/ready");
                        if (r.statusCode() != 200) {
                            return false;
                        }
                        firstReady.set(r.jsonPath());
                        return true;
                    });
            assertThat(readinessVersion(firstReady.get())).as("version in the first ready answer").isEqualTo(version);
            assertThat(gaugeVersion(late)).isEqualTo(version);
        } finally {
            late.close();
        }
    }

    @Test
    void anInvalidPatchIs422AndNoPodsVersionChanges() {
        long version = patched("{\"negative-cache\":{\"ttl\":\"28s\"}}");
        withinBound("every pod applies version " + version).untilAsserted(() -> assertEveryPodApplied(version));

        patch(version, "{\"caches\":{\"candles-1m\":{\"l1\":{\"maximum-size\":-5}}},\"redis\":{\"timeout\":\"0s\"}}")
                .then().statusCode(422).body("error", equalTo("INVALID_CONFIG"));

        assertThat(storedVersion()).isEqualTo(version);
        // Every pod stays on the version for longer than an announcement takes to arrive.
        Awaitility.await("every pod stays on version " + version).during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertEveryPodApplied(version));
        assertThat(readinessVersion(readiness(readB))).isEqualTo(version);
    }

    @Test
    void aRollbackRestoresTheOldDocumentOnEveryPod() {
        long old = patched("{\"caches\":{\"tickers\":{\"l1\":{\"maximum-size\":1111}}}}");
        Map<String, Object> oldDocument = asAdmin().get("/v1/admin/config").then().extract().jsonPath()
                .getMap("config");
        long changed = patched("{\"caches\":{\"tickers\":{\"l1\":{\"maximum-size\":2222}}}}");
        withinBound("every pod applies version " + changed).untilAsserted(() -> assertEveryPodApplied(changed));

        long restored = asAdmin().contentType("application/json").body("{\"version\":" + old + "}")
                .post("/v1/admin/config/rollback").then().statusCode(200).body("version", equalTo((int) changed + 1))
                .extract().jsonPath().getLong("version");

        withinBound("every pod applies version " + restored).untilAsserted(() -> assertEveryPodApplied(restored));
        assertThat(asAdmin().get("/v1/admin/config").then().extract().jsonPath().getMap("config"))
                .isEqualTo(oldDocument);
        assertThat(readinessVersion(readiness(readA))).isEqualTo(restored);
        assertThat(gaugeVersion(readB)).isEqualTo(restored);
    }
}
