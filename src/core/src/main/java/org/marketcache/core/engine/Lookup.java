package org.marketcache.core.engine;

import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.Hit;
import org.marketcache.core.tier.Tier;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The answer to one {@link TieredCache#getAll} call: a hit per key the tiers could answer, which tiers answered,
 * and the wall time spent in each tier (for {@code Server-Timing}). Filled by one logical flow at a time: each stage
 * of the flow happens-before the next, so only the per-tier timers (added from branches that may run at once)
 * need to be atomic.
 */
public final class Lookup<K extends CacheKey, V> {
    private final Map<K, Hit<V>> hits;
    private final AtomicLongArray nanos = new AtomicLongArray(Tier.values().length);
    private final EnumSet<Tier> answered = EnumSet.noneOf(Tier.class);
    private boolean stale;

    Lookup(int expected) {
        this.hits = new HashMap<>(Math.max(4, expected * 2));
    }

    void add(K key, Hit<V> hit) {
        hits.put(key, hit);
        answered.add(hit.tier());
        stale |= hit.stale();
    }

    void addNanos(Tier tier, long n) {
        nanos.addAndGet(tier.ordinal(), n);
    }

    public Hit<V> get(K key) {
        return hits.get(key);
    }

    public V value(K key) {
        Hit<V> h = hits.get(key);
        return h == null ? null : h.value();
    }

    public Map<K, Hit<V>> hits() {
        return hits;
    }

    /** The tiers that answered at least one key. */
    public Set<Tier> answeredBy() {
        return answered;
    }

    /** True if any value was served past its expiry because the source failed. */
    public boolean stale() {
        return stale;
    }

    /** Wall time spent calling {@code tier}, in nanoseconds. */
    public long nanos(Tier tier) {
        return nanos.get(tier.ordinal());
    }
}
