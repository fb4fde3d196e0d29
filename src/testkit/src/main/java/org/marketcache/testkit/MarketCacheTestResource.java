package org.marketcache.testkit;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} application its own PostgreSQL database (fresh, migrated at start) and its own Redis
 * key prefix on the machine's Redis, so test classes and modules never see each other's data. Init arguments:
 * {@code database} (name; default {@code mc_it_<random>}), {@code redis} (URL; default the machine's Redis).
 * Tests that need the database handle use {@link #database()}.
 */
public class MarketCacheTestResource implements QuarkusTestResourceLifecycleManager {
    private static volatile FreshDatabase current;
    private static volatile String currentPrefix;
    private String databaseName;
    private String redisUrl;

    @Override
    public void init(Map<String, String> args) {
        databaseName = args.getOrDefault("database",
                "mc_it_" + Integer.toHexString(ThreadLocalRandom.current().nextInt()).toLowerCase(Locale.ROOT));
        redisUrl = args.getOrDefault("redis", TestServices.redisUrl());
    }

    @Override
    public Map<String, String> start() {
        current = FreshDatabase.create(databaseName);
        currentPrefix = "it" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", current.jdbcUrl());
        config.put("quarkus.datasource.reactive.url", current.reactiveUrl());
        config.put("quarkus.datasource.username", TestServices.dbUser());
        config.put("quarkus.datasource.password", TestServices.dbPassword());
        config.put("quarkus.flyway.migrate-at-start", "true");
        config.put("quarkus.redis.hosts", redisUrl);
        config.put("marketcache.redis.key-prefix", currentPrefix);
        return config;
    }

    @Override
    public void stop() {
        // The database stays for inspection after a failure; the next run of the same name drops it first.
    }

    /** The database of the running test application. */
    public static FreshDatabase database() {
        return current;
    }

    /** The Redis key prefix of the running test application. */
    public static String keyPrefix() {
        return currentPrefix;
    }
}
