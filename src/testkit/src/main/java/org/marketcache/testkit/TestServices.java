package org.marketcache.testkit;

/**
 * Where integration tests find the real services: the environment variables the functions and the README use
 * ({@code MARKETCACHE_DB_HOST}, {@code _PORT}, {@code _USER}, {@code _PASSWORD}, {@code MARKETCACHE_REDIS_URL}), and
 * where one is unset or blank, the machine's defaults (PostgreSQL on 127.0.0.1:5432 as {@code postgres} without a
 * password, Redis on 127.0.0.1:6379). Nothing else is consulted, so a test and a function started by it always
 * agree on where the services are.
 */
public final class TestServices {
    private TestServices() {
    }

    /** The environment variable {@code name}, or {@code fallback} when it is unset or blank. */
    public static String get(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public static String dbHost() {
        return get("MARKETCACHE_DB_HOST", "127.0.0.1");
    }

    public static int dbPort() {
        String port = get("MARKETCACHE_DB_PORT", "5432");
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("MARKETCACHE_DB_PORT must be a port number: '" + port + "'", e);
        }
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

    /** {@code host:port as user}, for error messages. */
    static String dbServer() {
        return dbHost() + ":" + dbPort() + " as " + dbUser();
    }
}
