package org.marketcache.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Where the integration tests find PostgreSQL: system property {@code marketcache.test.pg.<x>}, else environment
 * variable {@code MARKETCACHE_DB_<X>}, else 127.0.0.1:5432 as {@code postgres} without a password. CI sets the
 * environment variables; a developer can pass {@code -Dmarketcache.test.pg.port=5433} to Maven.
 */
public final class TestDatabase {
    public static final String HOST = setting("host", "127.0.0.1");
    public static final String PORT = setting("port", "5432");
    public static final String USER = setting("user", "postgres");
    public static final String PASSWORD = setting("password", "");

    private TestDatabase() {
    }

    private static String setting(String name, String fallback) {
        String value = System.getProperty("marketcache.test.pg." + name);
        if (value == null || value.isBlank()) {
            value = System.getenv("MARKETCACHE_DB_" + name.toUpperCase(java.util.Locale.ROOT));
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    public static String reactiveUrl(String database) {
        return "postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    public static Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        if (!PASSWORD.isEmpty()) {
            props.setProperty("password", PASSWORD);
        }
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** Drops {@code database} if it exists (disconnecting leftovers of a crashed run) and creates it empty. */
    public static void recreate(String database) {
        if (!database.matches("[a-z0-9_]{1,63}")) {
            throw new IllegalArgumentException("test database name must be lower-case letters, digits or _: "
                    + database);
        }
        try (Connection admin = connect("postgres"); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + database + " on " + HOST + ":" + PORT
                    + " as " + USER + " (set MARKETCACHE_DB_HOST/PORT/USER/PASSWORD): " + e.getMessage(), e);
        }
    }
}
