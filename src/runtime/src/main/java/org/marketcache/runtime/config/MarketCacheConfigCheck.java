package org.marketcache.runtime.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.marketcache.core.config.ConfigCheck;
import org.marketcache.core.config.ConfigProblems;
import org.marketcache.core.policy.TtlPolicy;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.CacheNames;
import org.marketcache.runtime.CacheTiers;

/**
 * The rules of {@code marketcache.*} as mapped by {@link MarketCacheConfig}, plus the one Quarkus key they depend on
 * ({@code quarkus.cache.caffeine."<cache>".expire-after-write}, read from {@code raw}). {@link ConfigValidation}
 * reports them at start-up with every other module's.
 */
@Singleton
public class MarketCacheConfigCheck implements ConfigCheck {
    private static final List<String> EVICTION_POLICIES = List.of("allkeys-lfu", "allkeys-lru", "volatile-ttl",
            "volatile-lfu", "volatile-lru", "allkeys-random", "volatile-random");

    private final MarketCacheConfig config;
    private final Config raw;

    public MarketCacheConfigCheck(MarketCacheConfig config, Config raw) {
        this.config = config;
        this.raw = raw;
    }

    @Override
    public void check(ConfigProblems p) {
        MarketCacheConfig.Redis r = config.redis();
        p.positive("marketcache.redis.timeout", r.timeout());
        p.positive("marketcache.redis.tombstone-ttl", r.tombstoneTtl());
        if (r.tombstoneTtl().compareTo(config.singleFlight().leaseTtl()) < 0) {
            p.add("marketcache.redis.tombstone-ttl", "must be at least marketcache.single-flight.lease-ttl ("
                    + config.singleFlight().leaseTtl() + ")", r.tombstoneTtl());
        }
        if (r.compressAbove() < -1) {
            p.add("marketcache.redis.compress-above", "must be -1 (never) or a byte count", r.compressAbove());
        }
        if (!EVICTION_POLICIES.contains(r.expectedEvictionPolicy())) {
            p.add("marketcache.redis.expected-eviction-policy", "must be a Redis maxmemory-policy other than"
                    + " noeviction (allkeys-lfu, allkeys-lru, volatile-ttl, ...)", r.expectedEvictionPolicy());
        }
        if (r.circuitBreaker().failureRatio() <= 0 || r.circuitBreaker().failureRatio() > 1) {
            p.add("marketcache.redis.circuit-breaker.failure-ratio", "must be in (0, 1]",
                    r.circuitBreaker().failureRatio());
        }
        p.positive("marketcache.single-flight.lease-ttl", config.singleFlight().leaseTtl());
        p.positive("marketcache.single-flight.poll-interval", config.singleFlight().pollInterval());
        p.positive("marketcache.negative-cache.ttl", config.negativeCache().ttl());
        for (Timeframe tf : Timeframe.values()) {
            String label = tf.label();
            p.between("marketcache.candles.chunk-candles." + label, config.candles().chunkCandles().get(label), 1,
                    10_000, null);
        }
        if (config.candles().defaultLimit() < 1 || config.candles().defaultLimit() > config.candles().maxLimit()) {
            p.add("marketcache.candles.default-limit", "must be between 1 and marketcache.candles.max-limit ("
                    + config.candles().maxLimit() + ")", config.candles().defaultLimit());
        }
        if (config.trades().defaultLimit() < 1 || config.trades().defaultLimit() > config.trades().maxLimit()) {
            p.add("marketcache.trades.default-limit", "must be between 1 and marketcache.trades.max-limit ("
                    + config.trades().maxLimit() + ")", config.trades().defaultLimit());
        }
        p.positive("marketcache.trades.chunk-span", config.trades().chunkSpan());
        if (config.orderBooks().defaultDepth() < 1
                || config.orderBooks().defaultDepth() > config.orderBooks().maxDepth()) {
            p.add("marketcache.orderbooks.default-depth", "must be between 1 and marketcache.orderbooks.max-depth",
                    config.orderBooks().defaultDepth());
        }
        for (String name : CacheNames.all()) {
            checkCache(p, name);
        }
        for (Map.Entry<String, MarketCacheConfig.CachePolicy> c : config.caches().entrySet()) {
            if (!CacheNames.all().contains(c.getKey())) {
                p.add("marketcache.caches.\"" + c.getKey() + "\"", "is not a cache; the caches are "
                        + CacheNames.all(), null);
            }
        }
    }

    /** The cache's policy settings must hold together, and L1 must keep an entry as long as the policy uses it. */
    private void checkCache(ConfigProblems p, String name) {
        String prefix = "marketcache.caches.\"" + name + "\"";
        TtlPolicy.Settings s;
        try {
            s = CacheTiers.settings(config, name);
        } catch (IllegalArgumentException | IllegalStateException ex) {
            p.add(prefix, "is invalid", ex.getMessage());
            return;
        }
        String residencyKey = "quarkus.cache.caffeine.\"" + name + "\".expire-after-write";
        Duration residency;
        try {
            residency = raw.getOptionalValue(residencyKey, Duration.class).orElse(null);
        } catch (IllegalArgumentException ex) {
            p.add(residencyKey, "must be a duration (e.g. 15m)", raw.getConfigValue(residencyKey).getValue());
            return;
        }
        Duration needed = s.l1Ttl().plus(s.staleIfError());
        if (residency != null && residency.compareTo(needed) < 0) {
            p.add(residencyKey, "must cover " + prefix + ".l1.ttl + " + prefix + ".stale-if-error (" + needed + ")",
                    residency, "raise it to at least " + needed);
        }
    }
}
