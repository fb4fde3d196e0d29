package org.marketcache.core.engine;

import org.marketcache.core.TimeSource;
import org.marketcache.core.metrics.CacheMetrics.CacheMeters;
import org.marketcache.core.policy.EntryPolicy;
import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.CacheTier;
import org.marketcache.core.tier.LoadCoordinator;
import org.marketcache.core.tier.LocalTier;
import org.marketcache.core.tier.RemoteTier;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The tiers and services of one cache, shared by its read path ({@link TieredCache}), its writes
 * ({@link CacheWrites}) and its warm-up ({@link CacheWarming}), with the one rule they all keep for L1: a value
 * goes into L1 only under the group generations taken before the lower tier was asked
 * ({@link #localGenerations}, {@link #fillL1}), so nothing read before an invalidation is kept after it.
 * Package-private: outside the engine nobody reaches a tier past these rules.
 */
final class TierSet<K extends CacheKey, V> {
    final String name;
    final LocalTier<K, V> l1;
    /** {@code null} when the cache has no L2. */
    final RemoteTier<K, V> l2;
    final CacheTier<K, V> l3;
    final EntryPolicy<K, V> policy;
    final LoadCoordinator<K> coordinator;
    final TimeSource time;
    final Delayer delayer;
    final CacheMeters meters;

    TierSet(String name, LocalTier<K, V> l1, RemoteTier<K, V> l2, CacheTier<K, V> l3, EntryPolicy<K, V> policy,
            LoadCoordinator<K> coordinator, TimeSource time, Delayer delayer, CacheMeters meters) {
        this.name = name;
        this.l1 = l1;
        this.l2 = l2;
        this.l3 = l3;
        this.policy = policy;
        this.coordinator = coordinator;
        this.time = time;
        this.delayer = delayer;
        this.meters = meters;
    }

    /** The L1 generation of every group of {@code keys}: take them before asking L2 or L3. */
    Map<String, Long> localGenerations(Collection<K> keys) {
        Map<String, Long> gens = new HashMap<>();
        for (K k : keys) {
            gens.computeIfAbsent(k.group(), l1::generation);
        }
        return gens;
    }

    /**
     * Puts a lower tier's entry into L1 (with L1's own stamps) unless the key's group was invalidated since
     * {@code localGens} were taken; answers whether it stayed.
     */
    boolean fillL1(K key, CacheEntry<V> entry, long now, Map<String, Long> localGens) {
        return l1.putIfGeneration(key, policy.forL1(entry, now), localGens.get(key.group()));
    }

    /** Drops this pod's L1 copies of {@code keys}; L1 fills of their groups prepared before are refused. */
    void dropFromL1(Collection<K> keys) {
        for (K k : keys) {
            l1.invalidate(k);
        }
    }
}
