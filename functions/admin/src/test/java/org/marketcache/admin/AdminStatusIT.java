package org.marketcache.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.marketcache.testkit.MarketCacheTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The admin function against the real PostgreSQL and a redis-server of the test's own: {@code GET /v1/admin/status}
 * with the schema version read from Flyway's history table and each dependency's state, taken away and brought back;
 * the admin token on everything under {@code /v1/admin}; OpenAPI, health and metrics open.
 */
@QuarkusTest
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "redis", value = "spare"))
class AdminStatusIT {
    static final String TOKEN = "Bearer test-admin-token-not-a-secret";

    static ValidatableResponse status() {
        return given().header("Authorization", TOKEN).get("/v1/admin/status").then().log().ifValidationFails();
    }

    /**
     * Polls in the test's thread, so a call that hangs shows as itself; each call answers within the probe's 2 s
     * deadline, and a loaded machine gets a minute.
     */
    static ConditionFactory await(String alias) {
        return Awaitility.await(alias).pollInSameThread().pollInterval(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(60));
    }

    static String lastMigration() throws Exception {
        try (Connection c = MarketCacheTestResource.database().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT max(version::int) FROM flyway_schema_history WHERE success")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void statusNamesTheFunctionTheSchemaVersionAndBothDependencies() throws Exception {
        String version = lastMigration();
        assertThat(version).as("the test database was migrated at start").isNotNull();
        status().statusCode(200).body("function", equalTo("marketcache-admin"))
                .body("schemaVersion", equalTo(version)).body("redis", equalTo("UP")).body("database", equalTo("UP"));
    }

    @Test
    void statusReportsADatabaseThatRefusesConnectionsAsDownAndRecovers() {
        MarketCacheTestResource.database().acceptConnections(false);
        try {
            await("database DOWN in /v1/admin/status").untilAsserted(() -> status().statusCode(200)
                    .body("database", equalTo("DOWN")).body("schemaVersion", nullValue()).body("redis", equalTo("UP")));
        } finally {
            MarketCacheTestResource.database().acceptConnections(true);
        }
        await("database UP again").untilAsserted(() -> status().statusCode(200).body("database", equalTo("UP")));
    }

    @Test
    void statusReportsAStoppedRedisAsDownAndRecovers() throws Exception {
        MarketCacheTestResource.spareRedis().stop();
        try {
            await("redis DOWN in /v1/admin/status").untilAsserted(() -> status().statusCode(200)
                    .body("redis", equalTo("DOWN")).body("database", equalTo("UP")));
        } finally {
            MarketCacheTestResource.spareRedis().restart();
        }
        await("redis UP again").untilAsserted(() -> status().statusCode(200).body("redis", equalTo("UP")));
    }

    @Test
    void everythingUnderV1AdminNeedsTheAdminToken() {
        given().get("/v1/admin/status").then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .body("error", equalTo("UNAUTHORIZED")).body("message", containsString("Authorization: Bearer"));
        given().header("Authorization", "Bearer wrong-token-of-some-length").get("/v1/admin/status").then()
                .statusCode(401).body("error", equalTo("UNAUTHORIZED")).body("message", equalTo("wrong token"));
        given().header("Authorization", TOKEN).get("/v1/admin/no-such-endpoint").then().statusCode(404)
                .body("error", equalTo("NOT_FOUND"));
    }

    @Test
    void openApiHealthAndMetricsNeedNoToken() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/admin/status"))
                .body(containsString("AdminStatus"));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    }
}
