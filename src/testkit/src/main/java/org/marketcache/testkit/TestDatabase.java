package org.marketcache.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A PostgreSQL database of a test's own on the server {@link TestServices} names: {@link #recreate} drops it if it
 * exists (disconnecting leftovers of a crashed run) and creates it empty, so each run starts from migrations on an
 * empty schema and nothing leaks between runs or modules. The database is addressed by JDBC and reactive URLs and
 * can be made to refuse connections, which is how a test sees "the database is down" without stopping the server.
 */
public final class TestDatabase {
    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    /** Drops {@code name} if it exists and creates it empty. */
    public static TestDatabase recreate(String name) {
        TestDatabase db = existing(name);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + TestServices.dbServer()
                    + " (set MARKETCACHE_DB_HOST/PORT/USER/PASSWORD): " + e.getMessage(), e);
        }
        return db;
    }

    /** A database some test resource created (e.g. {@link PostgresDatabase}), addressed without changing it. */
    public static TestDatabase existing(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("test database name must be a lower-case letter, then lower-case"
                    + " letters, digits or '_' (at most 63): '" + name + "'");
        }
        return new TestDatabase(name);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + TestServices.dbHost() + ":" + TestServices.dbPort() + "/" + name;
    }

    public String reactiveUrl() {
        return "postgresql://" + TestServices.dbHost() + ":" + TestServices.dbPort() + "/" + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), credentials());
    }

    /** Refuses or allows new connections (existing ones are terminated when refusing): the database "goes down". */
    public void acceptConnections(boolean allow) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + allow);
            if (!allow) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                        + "' AND pid <> pg_backend_pid()");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change connections of test database " + name + " on "
                    + TestServices.dbServer() + ": " + e.getMessage(), e);
        }
    }

    public void drop() {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name + " on " + TestServices.dbServer()
                    + ": " + e.getMessage(), e);
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + TestServices.dbHost() + ":" + TestServices.dbPort()
                + "/postgres", credentials());
    }

    private static Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", TestServices.dbUser());
        if (!TestServices.dbPassword().isEmpty()) {
            p.setProperty("password", TestServices.dbPassword());
        }
        return p;
    }
}
