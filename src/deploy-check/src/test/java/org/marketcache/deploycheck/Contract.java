package org.marketcache.deploycheck;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the deployment promises the functions, and what it expects from them: the names fixed by the
 * architecture, in one place. A rule that needs one of these names takes it from here.
 */
final class Contract {

    /** Each is a Quarkus app under functions/&lt;name&gt;, artifact marketcache-&lt;name&gt;, Service marketcache-&lt;name&gt;. */
    static final List<String> FUNCTIONS = List.of("read", "ingest", "invalidate", "warmup", "admin");

    /** Every function reads all of these at start. */
    static final Set<String> REQUIRED_ENV = Set.of(
            "MARKETCACHE_REDIS_URL", "MARKETCACHE_REDIS_CLIENT_TYPE",
            "MARKETCACHE_DB_HOST", "MARKETCACHE_DB_PORT", "MARKETCACHE_DB_NAME", "MARKETCACHE_DB_USER",
            "MARKETCACHE_DB_PASSWORD", "MARKETCACHE_ADMIN_TOKEN", "MARKETCACHE_INGEST_TOKEN",
            "MARKETCACHE_MIGRATE");

    /** Values that may only ever come from a Secret. */
    static final Set<String> SECRET_ENV = Set.of("MARKETCACHE_DB_PASSWORD", "MARKETCACHE_ADMIN_TOKEN", "MARKETCACHE_INGEST_TOKEN");

    /** Names that look like they hold a secret; such a name never gets a literal value anywhere. */
    static final Pattern SECRET_LIKE = Pattern.compile("(?i).*(password|passwd|token|secret|credential|api[_-]?key|private[_-]?key).*");

    static final Set<String> REDIS_CLIENT_TYPES = Set.of("standalone", "cluster", "sentinel");

    static final String MIGRATE = "MARKETCACHE_MIGRATE";
    static final String CONFIG_MAP = "marketcache-config";
    static final String SECRET = "marketcache-secrets";
    static final String SECRET_PLACEHOLDER = "REPLACE_ME";

    static final int HTTP_PORT = 8080;
    static final String LIVENESS_PATH = "/q/health/live";
    static final String READINESS_PATH = "/q/health/ready";
    static final String WARMUP_PATH = "/v1/warmup";

    private Contract() {
    }

    static String serviceName(String function) {
        return "marketcache-" + function;
    }

    static String imageName(String function) {
        return "marketcache-" + function;
    }
}
