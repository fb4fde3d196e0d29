package org.marketcache.core.tier;

import org.marketcache.core.TimeSource;
import org.marketcache.core.policy.EntryPolicy;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * L1: a bounded in-process map (Caffeine, whose W-TinyLFU admission keeps the frequently read keys of a skewed
 * workload and turns away one-off scans) holding stamped entries.
 *
 * <p>Design note: generations. Each group has a counter that only grows; {@link #generation} is
 * {@code epoch + counter(group)}, so bumping either the group or the global epoch changes it. A fill captured the
 * generation before asking a lower tier; {@link #putIfGeneration} puts, then re-reads the generation and removes
 * its own entry if it moved. Invalidation bumps first and removes second. Whichever order the two interleave in,
 * the entry does not survive an invalidation that started after the fill's read.
 */
public final class CaffeineTier<K extends CacheKey, V> implements LocalTier<K, V> {
    private final LocalStore<K, CacheEntry<V>> store;
    private final TimeSource time;
    private final EntryPolicy<K, V> policy;
    private final AtomicLong epoch = new AtomicLong();
    private final ConcurrentHashMap<String, AtomicLong> groups = new ConcurrentHashMap<>();

    /**
     * @param policy supplies the retention past expiry ({@code stale-if-error}) during which an expired entry is
     *               still returned so the engine can serve it if the source fails
     */
    public CaffeineTier(LocalStore<K, CacheEntry<V>> store, TimeSource time, EntryPolicy<K, V> policy) {
        this.store = store;
        this.time = time;
        this.policy = policy;
    }

    @Override
    @SuppressWarnings("unchecked")
    public CacheEntry<V> getIfPresent(K key) {
        Object raw = store.get(key);
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof CacheEntry)) {
            // Something else put a value under our key (another user of the same Quarkus cache name): a miss.
            store.remove(key);
            return null;
        }
        CacheEntry<V> e = (CacheEntry<V>) raw;
        if (time.currentTimeMillis() >= e.expireAt() + policy.staleIfErrorMillis()) {
            store.remove(key, e);
            return null;
        }
        return e;
    }

    @Override
    public void put(K key, CacheEntry<V> entry) {
        store.put(key, entry);
    }

    @Override
    public boolean putIfGeneration(K key, CacheEntry<V> entry, long generation) {
        if (generation(key.group()) != generation) {
            return false;
        }
        store.put(key, entry);
        if (generation(key.group()) != generation) {
            store.remove(key, entry);
            return false;
        }
        return true;
    }

    @Override
    public long generation(String group) {
        AtomicLong g = groups.get(group);
        return epoch.get() + (g == null ? 0 : g.get());
    }

    @Override
    public void invalidate(K key) {
        groups.computeIfAbsent(key.group(), x -> new AtomicLong()).incrementAndGet();
        store.remove(key);
    }

    @Override
    public long invalidateGroup(String group) {
        groups.computeIfAbsent(group, x -> new AtomicLong()).incrementAndGet();
        long n = 0;
        for (K k : store.keys()) {
            if (k.group().equals(group)) {
                store.remove(k);
                n++;
            }
        }
        return n;
    }

    @Override
    public long invalidateEverything() {
        epoch.incrementAndGet();
        long n = store.estimatedSize();
        store.clear();
        return n;
    }

    @Override
    public long size() {
        return store.estimatedSize();
    }

    public LocalStore<K, CacheEntry<V>> store() {
        return store;
    }
}
