package org.marketcache.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminAuthenticationTest {
    @ParameterizedTest
    @ValueSource(strings = {"/v1/admin", "/v1/admin/", "/v1/admin/status", "/v1/admin/config/reload"})
    void guardsTheAdminPrefixAndEverythingBelowIt(String path) {
        assertThat(AdminAuthentication.guards(path)).as(path).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/administrator", "/v1/adminstatus", "/q/health/ready", "/q/openapi", "/q/metrics",
            "/v1/candles", "/", ""})
    void leavesOtherPathsAlone(String path) {
        assertThat(AdminAuthentication.guards(path)).as(path).isFalse();
    }
}
