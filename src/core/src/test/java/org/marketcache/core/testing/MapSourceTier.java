package org.marketcache.core.testing;

import org.marketcache.core.TimeSource;
import org.marketcache.core.policy.EntryPolicy;
import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.CacheTier;
import org.marketcache.core.tier.Tier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A source (L3) in a map, standing for "any system of record": the engine is generic over it, and a map lets a
 * test hold a load open ({@link #gate}), fail it ({@link #failure}) and see every call ({@link #calls}). Values are
 * stamped by the cache's policy at the time of the load, as a real source tier does.
 */
public final class MapSourceTier<K extends CacheKey, V> implements CacheTier<K, V> {
    public final Map<K, V> data = new ConcurrentHashMap<>();
    /** The keys of every load, in order. */
    public final List<List<K>> calls = new CopyOnWriteArrayList<>();
    public volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
    public volatile RuntimeException failure;
    private final EntryPolicy<K, V> policy;
    private final TimeSource time;

    public MapSourceTier(EntryPolicy<K, V> policy, TimeSource time) {
        this.policy = policy;
        this.time = time;
    }

    @Override
    public Tier tier() {
        return Tier.L3;
    }

    @Override
    public CompletionStage<Map<K, CacheEntry<V>>> getAll(Collection<K> keys) {
        List<K> asked = new ArrayList<>(keys);
        calls.add(asked);
        return gate.thenApply(v -> {
            if (failure != null) {
                throw failure;
            }
            Map<K, CacheEntry<V>> out = new HashMap<>();
            for (K k : asked) {
                V value = data.get(k);
                if (value != null) {
                    out.put(k, policy.stamp(k, value, time.currentTimeMillis()));
                }
            }
            return out;
        });
    }

    @Override
    public CompletionStage<Void> putAll(Map<K, CacheEntry<V>> entries) {
        entries.forEach((k, e) -> data.put(k, e.value()));
        return CompletableFuture.completedFuture(null);
    }

    /** The source is never invalidated. */
    @Override
    public CompletionStage<Long> invalidateAll(Collection<K> keys) {
        return CompletableFuture.completedFuture(0L);
    }
}
