package org.marketcache.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A PostgreSQL database of its own for one test class or module: dropped if it exists, created empty, and
 * addressed by JDBC and reactive URLs. Each test run therefore starts from migrations on an empty schema, and
 * nothing leaks between runs or modules.
 */
public final class FreshDatabase {
    private final String name;

    private FreshDatabase(String name) {
        this.name = name;
    }

    /** Drops and recreates {@code name} (letters, digits and underscores only). */
    public static FreshDatabase create(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("test database name must be lower-case letters, digits, '_': " + name);
        }
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + TestServices.dbHost()
                    + ":" + TestServices.dbPort() + " as " + TestServices.dbUser() + ": " + e.getMessage(), e);
        }
        return new FreshDatabase(name);
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
        return DriverManager.getConnection(jdbcUrl(), properties());
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
            throw new IllegalStateException("cannot change connections of " + name + ": " + e.getMessage(), e);
        }
    }

    public void drop() {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + TestServices.dbHost() + ":" + TestServices.dbPort()
                + "/postgres", properties());
    }

    private static Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", TestServices.dbUser());
        if (!TestServices.dbPassword().isEmpty()) {
            p.setProperty("password", TestServices.dbPassword());
        }
        return p;
    }
}
