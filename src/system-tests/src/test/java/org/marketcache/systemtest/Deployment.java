package org.marketcache.systemtest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.marketcache.testkit.TestDatabase;
import org.marketcache.testkit.FunctionProcess;
import org.marketcache.testkit.TestServices;

/**
 * A small deployment of function processes sharing one fresh database and one Redis key prefix, like pods of one
 * installation. The first process started runs the migrations.
 */
final class Deployment implements AutoCloseable {
    static final String INGEST_TOKEN = "st-ingest-token-0123456789";
    static final String ADMIN_TOKEN = "st-admin-token-0123456789";

    final TestDatabase database;
    final String prefix = "st" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
    final String redisHosts;
    final String clientType;
    final Path root = FunctionProcess.repositoryRoot();
    final Path logs;
    private final List<FunctionProcess> processes = new ArrayList<>();
    private boolean migrated;

    Deployment(String databaseName, String redisHosts, String clientType) {
        this.database = TestDatabase.recreate(databaseName);
        this.redisHosts = redisHosts;
        this.clientType = clientType;
        this.logs = root.resolve("src/system-tests/target/process-logs/" + databaseName);
    }

    FunctionProcess start(String function, String name, String... extraProperties) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MARKETCACHE_DB_HOST", TestServices.dbHost());
        env.put("MARKETCACHE_DB_PORT", Integer.toString(TestServices.dbPort()));
        env.put("MARKETCACHE_DB_NAME", database.name());
        env.put("MARKETCACHE_DB_USER", TestServices.dbUser());
        env.put("MARKETCACHE_DB_PASSWORD", TestServices.dbPassword());
        env.put("MARKETCACHE_REDIS_URL", redisHosts);
        env.put("MARKETCACHE_REDIS_CLIENT_TYPE", clientType);
        env.put("MARKETCACHE_INGEST_TOKEN", INGEST_TOKEN);
        env.put("MARKETCACHE_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("MARKETCACHE_MIGRATE", Boolean.toString(!migrated));
        // The pod name in live-configuration acknowledgements: one per process, as each pod has its own host name.
        env.put("HOSTNAME", name);
        migrated = true;
        // Correctness tests with several JVMs (and a cluster) on two cores: deadlines generous enough that load
        // does not turn into timeouts; the latency budgets are measured by the benchmarks, not here.
        List<String> props = new ArrayList<>(List.of("marketcache.redis.key-prefix=" + prefix,
                "marketcache.redis.timeout=2s", "marketcache.l3.query-timeout=10s",
                "quarkus.log.console.format=%d{HH:mm:ss.SSS} %-5p [%c{2.}] %s%e%n"));
        props.addAll(List.of(extraProperties));
        FunctionProcess p = FunctionProcess.start(name, FunctionProcess.functionJar(root, function), env, props, logs);
        processes.add(p);
        return p;
    }

    @Override
    public void close() throws Exception {
        for (FunctionProcess p : processes) {
            p.close();
        }
    }
}
