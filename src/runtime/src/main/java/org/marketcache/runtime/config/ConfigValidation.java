package org.marketcache.runtime.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import org.marketcache.core.policy.TtlPolicy;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.CacheNames;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.stream.RedisReplies;

import io.quarkus.runtime.StartupEvent;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Checks the whole configuration at start-up and refuses to start on a bad value, with every problem listed at
 * once, each naming the key, the rule, the value and the fix. Also asks Redis for its eviction policy: a Redis
 * running {@code noeviction} fails writes when full, which for a cache is the wrong behaviour.
 */
@ApplicationScoped
public class ConfigValidation {
    private static final Logger LOG = Logger.getLogger(ConfigValidation.class);

    @Inject
    MarketCacheConfig config;
    @Inject
    Config raw;
    @Inject
    Redis redis;
    @Inject
    CacheTiers tiers;

    void onStart(@Observes StartupEvent e) {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("marketcache configuration is invalid:\n  - "
                    + String.join("\n  - ", problems));
        }
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

    /** Every rule broken by the current configuration (empty when it is valid). */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        MarketCacheConfig.Redis r = config.redis();
        positive(p, "marketcache.redis.timeout", r.timeout());
        positive(p, "marketcache.redis.tombstone-ttl", r.tombstoneTtl());
        if (r.tombstoneTtl().compareTo(config.singleFlight().leaseTtl()) < 0) {
            p.add("marketcache.redis.tombstone-ttl must be at least marketcache.single-flight.lease-ttl ("
                    + config.singleFlight().leaseTtl() + "): " + r.tombstoneTtl());
        }
        if (r.compressAbove() < -1) {
            p.add("marketcache.redis.compress-above must be -1 (never) or a byte count: " + r.compressAbove());
        }
        if (!List.of("allkeys-lfu", "allkeys-lru", "volatile-ttl", "volatile-lfu", "volatile-lru", "allkeys-random",
                "volatile-random").contains(r.expectedEvictionPolicy())) {
            p.add("marketcache.redis.expected-eviction-policy must be a Redis maxmemory-policy other than noeviction"
                    + " (allkeys-lfu, allkeys-lru, volatile-ttl, ...): " + r.expectedEvictionPolicy());
        }
        if (r.circuitBreaker().failureRatio() <= 0 || r.circuitBreaker().failureRatio() > 1) {
            p.add("marketcache.redis.circuit-breaker.failure-ratio must be in (0, 1]: "
                    + r.circuitBreaker().failureRatio());
        }
        positive(p, "marketcache.single-flight.lease-ttl", config.singleFlight().leaseTtl());
        positive(p, "marketcache.single-flight.poll-interval", config.singleFlight().pollInterval());
        positive(p, "marketcache.negative-cache.ttl", config.negativeCache().ttl());
        for (Timeframe tf : Timeframe.values()) {
            Integer n = config.candles().chunkCandles().get(tf.label());
            if (n == null || n < 1 || n > 10_000) {
                p.add("marketcache.candles.chunk-candles." + tf.label() + " must be between 1 and 10000: " + n);
            }
        }
        if (config.candles().defaultLimit() < 1 || config.candles().defaultLimit() > config.candles().maxLimit()) {
            p.add("marketcache.candles.default-limit must be between 1 and marketcache.candles.max-limit ("
                    + config.candles().maxLimit() + "): " + config.candles().defaultLimit());
        }
        if (config.trades().defaultLimit() < 1 || config.trades().defaultLimit() > config.trades().maxLimit()) {
            p.add("marketcache.trades.default-limit must be between 1 and marketcache.trades.max-limit ("
                    + config.trades().maxLimit() + "): " + config.trades().defaultLimit());
        }
        positive(p, "marketcache.trades.chunk-span", config.trades().chunkSpan());
        if (config.orderBooks().defaultDepth() < 1 || config.orderBooks().defaultDepth() > config.orderBooks().maxDepth()) {
            p.add("marketcache.orderbooks.default-depth must be between 1 and marketcache.orderbooks.max-depth: "
                    + config.orderBooks().defaultDepth());
        }
        for (String name : CacheNames.all()) {
            String prefix = "marketcache.caches.\"" + name + "\".";
            try {
                TtlPolicy.Settings s = tiers.settings(name);
                Duration residency = raw.getOptionalValue("quarkus.cache.caffeine.\"" + name + "\".expire-after-write",
                        Duration.class).orElse(null);
                Duration needed = s.l1Ttl().plus(s.staleIfError());
                if (residency != null && residency.compareTo(needed) < 0) {
                    p.add("quarkus.cache.caffeine.\"" + name + "\".expire-after-write (" + residency + ") must cover "
                            + prefix + "l1.ttl + " + prefix + "stale-if-error (" + needed + "): raise it to at least "
                            + needed);
                }
            } catch (IllegalArgumentException | IllegalStateException ex) {
                p.add(prefix + "*: " + ex.getMessage());
            }
        }
        for (Map.Entry<String, MarketCacheConfig.CachePolicy> c : config.caches().entrySet()) {
            if (!CacheNames.all().contains(c.getKey())) {
                p.add("marketcache.caches.\"" + c.getKey() + "\" is not a cache; the caches are " + CacheNames.all());
            }
        }
        return p;
    }

    private static void positive(List<String> p, String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            p.add(key + " must be a positive duration (e.g. 250ms, 5s): " + d);
        }
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
