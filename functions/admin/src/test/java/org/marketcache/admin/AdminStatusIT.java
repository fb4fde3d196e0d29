package org.marketcache.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.marketcache.testkit.MarketCacheTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * The admin function against the real PostgreSQL and Redis: {@code GET /v1/admin/status} with the schema version
 * read from Flyway's history table and each dependency's state; the admin token on everything under {@code /v1/admin}; OpenAPI, health and metrics open.
 */
@QuarkusTest
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true)
class AdminStatusIT {
    static final String TOKEN = "Bearer test-admin-token-not-a-secret";

    static ValidatableResponse status() {
        return given().header("Authorization", TOKEN).get("/v1/admin/status").then();
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
