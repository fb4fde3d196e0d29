package org.marketcache.core.tier;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The in-process tier (L1). Synchronous on purpose: a hit must cost a hash lookup, not a future.
 *
 * <p>Fills are guarded by a per-group generation: a reader captures {@link #generation(String)} before it asks a
 * lower tier, and {@link #putIfGeneration} drops the value if an invalidation of that group happened meanwhile, so
 * a value read before an invalidation is never kept after it.
 */
public interface LocalTier<K extends CacheKey, V> extends CacheTier<K, V> {

    CacheEntry<V> getIfPresent(K key);

    void put(K key, CacheEntry<V> entry);

    /** Stores the entry unless the group's generation is no longer {@code generation}; returns whether it stayed. */
    boolean putIfGeneration(K key, CacheEntry<V> entry, long generation);

    long generation(String group);

    void invalidate(K key);

    /** Drops every entry of the group and bumps its generation; returns the number of entries dropped. */
    long invalidateGroup(String group);

    /** Drops everything and bumps every generation (used when invalidation events may have been lost). */
    long invalidateEverything();

    long size();

    @Override
    default Tier tier() {
        return Tier.L1;
    }

    @Override
    default CompletionStage<Map<K, CacheEntry<V>>> getAll(Collection<K> keys) {
        Map<K, CacheEntry<V>> out = new java.util.HashMap<>();
        for (K k : keys) {
            CacheEntry<V> e = getIfPresent(k);
            if (e != null) {
                out.put(k, e);
            }
        }
        return CompletableFuture.completedFuture(out);
    }

    @Override
    default CompletionStage<Void> putAll(Map<K, CacheEntry<V>> entries) {
        entries.forEach(this::put);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    default CompletionStage<Long> invalidateAll(Collection<K> keys) {
        long n = 0;
        for (K k : keys) {
            if (getIfPresent(k) != null) {
                n++;
            }
            invalidate(k);
        }
        return CompletableFuture.completedFuture(n);
    }
}
