package org.marketcache.runtime.live;

import java.time.Duration;
import java.util.Map;

import org.marketcache.core.policy.TtlPolicy;
import org.marketcache.runtime.config.MarketCacheConfig.WriteMode;

/**
 * Every setting that can change while the functions run, checked and typed: what the live document holds once it
 * has passed {@link LiveDocument#read}. Everything else in the configuration needs a restart.
 *
 * @param caches           per cache name: L1 maximum size and the lifetimes of its {@link TtlPolicy}
 * @param negativeCacheTtl how long "no such instrument" is remembered (L1 and L2)
 * @param redisTimeout     deadline of every Redis call
 * @param compressAbove    L2 payloads of at least this many bytes are compressed (-1: never)
 * @param tombstoneTtl     life of an exact-key invalidation's tombstone
 * @param leaseTtl         life of a single-flight load lease
 * @param leaseWait        longest a pod waits for another pod's fill
 * @param pollInterval     first interval at which a waiting pod looks in L2
 * @param writeModes       write mode per data type ({@code candles}, {@code trades}, {@code tickers},
 *                         {@code orderbooks}), read by the ingest path for every batch
 */
public record LiveSettings(Map<String, CacheSettings> caches, Duration negativeCacheTtl, Duration redisTimeout,
        int compressAbove, Duration tombstoneTtl, Duration leaseTtl, Duration leaseWait, Duration pollInterval,
        Map<String, WriteMode> writeModes) {

    public LiveSettings {
        caches = Map.copyOf(caches);
        writeModes = Map.copyOf(writeModes);
    }

    /** The settings of one L1/L2 cache. */
    public record CacheSettings(long l1MaximumSize, TtlPolicy.Settings policy) {
    }

    /** The settings of the cache {@code name}; every cache name of {@code CacheNames.all()} is present. */
    public CacheSettings cache(String name) {
        CacheSettings c = caches.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no live settings for cache " + name + "; known: " + caches.keySet());
        }
        return c;
    }

    /** The write mode of a data type label, write-through when none is set. */
    public WriteMode writeMode(String dataType) {
        return writeModes.getOrDefault(dataType, WriteMode.WRITE_THROUGH);
    }
}
