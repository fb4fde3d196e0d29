package org.marketcache.testkit;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} application its own PostgreSQL database (fresh, migrated at start) and its own Redis
 * key prefix on the machine's Redis, so test classes and modules never see each other's data. Init arguments:
 * {@code database} (name; default {@code mc_it_<random>}), {@code redis} (URL; default the machine's Redis; the
 * value {@code spare} starts a redis-server of the test's own on a free port, which the test may stop and restart
 * through {@link #spareRedis()}, and which is stopped with the application). Tests that need the database handle
 * use {@link #database()}.
 */
public class MarketCacheTestResource implements QuarkusTestResourceLifecycleManager {
    private static volatile TestDatabase current;
    private static volatile String currentPrefix;
    private static volatile RedisServers.Server spare;
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
        current = TestDatabase.recreate(databaseName);
        String hosts = redisUrl;
        if ("spare".equals(redisUrl)) {
            try {
                spare = RedisServers.start();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot start a spare redis-server: " + e.getMessage(), e);
            }
            hosts = spare.url();
        }
        currentPrefix = "it" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", current.jdbcUrl());
        config.put("quarkus.datasource.reactive.url", current.reactiveUrl());
        config.put("quarkus.datasource.username", TestServices.dbUser());
        config.put("quarkus.datasource.password", TestServices.dbPassword());
        config.put("quarkus.flyway.migrate-at-start", "true");
        config.put("quarkus.redis.hosts", hosts);
        config.put("marketcache.redis.key-prefix", currentPrefix);
        return config;
    }

    @Override
    public void stop() {
        // The database stays for inspection after a failure; the next run of the same name drops it first.
        if (spare != null) {
            try {
                spare.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the spare redis-server on port " + spare.port(), e);
            } finally {
                spare = null;
            }
        }
    }

    /** The test's own redis-server when started with {@code redis=spare}. */
    public static RedisServers.Server spareRedis() {
        return spare;
    }

    /** The database of the running test application. */
    public static TestDatabase database() {
        return current;
    }

    /** The Redis key prefix of the running test application. */
    public static String keyPrefix() {
        return currentPrefix;
    }
}
