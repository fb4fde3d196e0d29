package org.marketcache.runtime.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives the Quarkus application under test a database of its own, created empty when the application starts, so
 * nothing leaks between runs. Init arg {@code database} names it (default {@code marketcache_it_runtime}); the
 * database is left in place after the run for inspection and dropped at the start of the next one.
 */
public class PostgresDatabase implements QuarkusTestResourceLifecycleManager {
    public static final String DEFAULT = "marketcache_it_runtime";
    private String database = DEFAULT;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", DEFAULT);
    }

    @Override
    public Map<String, String> start() {
        TestDatabase.recreate(database);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", TestDatabase.jdbcUrl(database));
        config.put("quarkus.datasource.reactive.url", TestDatabase.reactiveUrl(database));
        config.put("quarkus.datasource.username", TestDatabase.USER);
        if (!TestDatabase.PASSWORD.isEmpty()) {
            config.put("quarkus.datasource.password", TestDatabase.PASSWORD);
        }
        return config;
    }

    @Override
    public void stop() {
        // Kept for inspection; the next run drops it first.
    }
}
