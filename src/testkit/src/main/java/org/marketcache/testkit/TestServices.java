package org.marketcache.testkit;

/**
 * Where integration tests find the real services: environment variables (what CI and the README set), then system
 * properties, then the machine's defaults (PostgreSQL and Redis on localhost, trust auth).
 */
public final class TestServices {
    private TestServices() {
    }

    public static String get(String env, String fallback) {
        String v = System.getenv(env);
        if (v == null || v.isBlank()) {
            v = System.getProperty(env.toLowerCase(java.util.Locale.ROOT).replace('_', '.'));
        }
        return v == null || v.isBlank() ? fallback : v;
    }

    public static String dbHost() {
        return get("MARKETCACHE_DB_HOST", "127.0.0.1");
    }

    public static int dbPort() {
        return Integer.parseInt(get("MARKETCACHE_DB_PORT", "5432"));
    }

    public static String dbUser() {
        return get("MARKETCACHE_DB_USER", "postgres");
    }

    public static String dbPassword() {
        return get("MARKETCACHE_DB_PASSWORD", "");
    }

    public static String redisUrl() {
        return get("MARKETCACHE_REDIS_URL", "redis://127.0.0.1:6379");
    }
}
