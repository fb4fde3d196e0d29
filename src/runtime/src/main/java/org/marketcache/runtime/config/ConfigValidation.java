package org.marketcache.runtime.config;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.marketcache.core.config.ConfigCheck;
import org.marketcache.core.config.ConfigProblem;
import org.marketcache.core.config.ConfigProblems;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.stream.RedisReplies;

import io.quarkus.runtime.StartupEvent;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * The one start-up check of the configuration: asks every module's {@link ConfigCheck} and refuses to start on a bad
 * value, with every problem of every module listed at once, each naming the key, the rule, the value and the fix. It
 * runs before every other start-up observer (see {@link #PRIORITY}), so nothing connects, subscribes or seeds under a
 * configuration that is about to be rejected, and a module's own later check (the L3 tier's, the demo seeder's) never
 * gets to report its problems alone. With the other start-up work it then asks Redis for its eviction policy: a Redis
 * running {@code noeviction} fails writes when full, which for a cache is the wrong behaviour.
 */
@ApplicationScoped
public class ConfigValidation {
    /** Before every other start-up observer (the earliest of the others, the cache events consumer, runs at 10). */
    public static final int PRIORITY = 5;
    private static final Logger LOG = Logger.getLogger(ConfigValidation.class);

    @Inject
    MarketCacheConfig config;
    @Inject
    Instance<ConfigCheck> checks;
    @Inject
    Redis redis;
    @Inject
    CacheTiers tiers;

    void onStart(@Observes @Priority(PRIORITY) StartupEvent e) {
        ConfigProblems.requireNone(problems());
    }

    /**
     * With the other start-up work: builds the tiers, so that their meters exist from the start and a tier that
     * cannot be built stops the start rather than the first request; checks the Redis eviction policy and the
     * common pool.
     */
    void afterStart(@Observes StartupEvent e) {
        tiers.all();
        checkEvictionPolicy();
        commonPoolWarning(ForkJoinPool.getCommonPoolParallelism(), Runtime.getRuntime().availableProcessors())
                .ifPresent(LOG::warn);
    }

    /**
     * With a common-pool parallelism below 2 (the JVM's default on 1 or 2 CPUs, so in most pods),
     * {@code CompletableFuture} runs every asynchronous task of its default executor on a new thread, and Caffeine,
     * hence Quarkus Cache and our L1, uses that executor for maintenance and replacement notices: a thread started
     * per L1 write. On the 2-CPU benchmark machine that cost the read function four fifths of its throughput
     * (docs/performance.md section 6.11).
     */
    static Optional<String> commonPoolWarning(int parallelism, int cpus) {
        if (parallelism >= 2) {
            return Optional.empty();
        }
        return Optional.of("ForkJoinPool common-pool parallelism is " + parallelism + " (" + cpus + " CPU(s) seen):"
                + " CompletableFuture and Caffeine (the L1 cache) then start a new thread for every asynchronous task,"
                + " which costs most of the read path's throughput. Fix: start the JVM with"
                + " -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 (the container image sets it in"
                + " JAVA_OPTS_APPEND; see docs/performance-tuning.md)");
    }

    /**
     * Every rule the running configuration breaks, in every module present (each contributes a {@link ConfigCheck}
     * bean), ordered by key; empty when it is valid.
     */
    public List<ConfigProblem> problems() {
        return ConfigProblems.collect(checks);
    }

    /** RESP3 answers {@code CONFIG GET} with a map (Redis 7 with the Quarkus client), RESP2 with [name, value]. */
    static String evictionPolicy(Response r) {
        String policy = RedisReplies.fieldString(r, "maxmemory-policy");
        return policy != null ? policy : "unknown";
    }

    private void checkEvictionPolicy() {
        String policy;
        try {
            Response r = redis.send(Request.cmd(Command.CONFIG).arg("GET").arg("maxmemory-policy")).toCompletionStage()
                    .toCompletableFuture().get(2, TimeUnit.SECONDS);
            policy = evictionPolicy(r);
        } catch (Exception ex) {
            LOG.warnf("could not read Redis maxmemory-policy (%s); L2 eviction behaviour unchecked", ex.getMessage());
            return;
        }
        String expected = config.redis().expectedEvictionPolicy();
        if ("noeviction".equals(policy)) {
            String msg = "Redis runs maxmemory-policy=noeviction: when it is full every cache write fails instead of"
                    + " evicting cold keys. Fix: CONFIG SET maxmemory-policy " + expected + " (and set maxmemory),"
                    + " or in redis.conf; see docs/cache-configuration.md";
            if (config.redis().failOnNoeviction()) {
                throw new IllegalStateException(msg + " (marketcache.redis.fail-on-noeviction=true)");
            }
            LOG.warn(msg);
        } else if (!policy.equals(expected)) {
            LOG.infof("Redis maxmemory-policy is %s (marketcache.redis.expected-eviction-policy is %s)", policy,
                    expected);
        }
    }
}
