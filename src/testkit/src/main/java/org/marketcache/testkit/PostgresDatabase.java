package org.marketcache.testkit;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives the Quarkus application under test a database of its own, created empty when the application starts, so
 * nothing leaks between runs. Init arg {@code database} names it (default {@code marketcache_it_runtime}); the
 * database is left in place after the run for inspection and dropped at the start of the next one. Init arg
 * {@code reactive=unreachable} points the reactive (query) pool at a closed port while Flyway and JDBC keep working,
 * which is how a test sees "the database is down" without stopping the shared server.
 */
public class PostgresDatabase implements QuarkusTestResourceLifecycleManager {
    public static final String DEFAULT = "marketcache_it_runtime";
    private String database = DEFAULT;
    private boolean unreachable;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", DEFAULT);
        unreachable = "unreachable".equals(initArgs.get("reactive"));
    }

    @Override
    public Map<String, String> start() {
        TestDatabase db = TestDatabase.recreate(database);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", db.jdbcUrl());
        // Port 1 (tcpmux) is never served here: connections are refused at once.
        config.put("quarkus.datasource.reactive.url", unreachable ? "postgresql://127.0.0.1:1/" + database
                : db.reactiveUrl());
        config.put("quarkus.datasource.username", TestServices.dbUser());
        if (!TestServices.dbPassword().isEmpty()) {
            config.put("quarkus.datasource.password", TestServices.dbPassword());
        }
        return config;
    }

    @Override
    public void stop() {
        // Kept for inspection; the next run drops it first.
    }
}
