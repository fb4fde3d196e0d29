package org.marketcache.core.engine;

import static org.marketcache.core.engine.Completions.guarded;

import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.RemoteTier.RemoteRead;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Read-only looks into each tier of one cache, past the read path: nothing here counts a get, fills a tier,
 * starts a refresh or takes a lease. For planning (the warm-up reads L2 to see what is missing or about to
 * expire), gauges and health, and tests that check what a tier holds. Writing to a tier goes through
 * {@link TieredCache}, {@link CacheWrites} or {@link CacheWarming}, which keep the generation guards.
 */
public final class TierView<K extends CacheKey, V> {
    private final TierSet<K, V> tiers;

    TierView(TierSet<K, V> tiers) {
        this.tiers = tiers;
    }

    /** Entries in this pod's L1. */
    public long l1Size() {
        return tiers.l1.size();
    }

    /** What this pod's L1 holds for {@code key}, usable or not; {@code null} if nothing. */
    public CacheEntry<V> l1Entry(K key) {
        return tiers.l1.getIfPresent(key);
    }

    /** Whether the cache has an L2 at all. */
    public boolean hasL2() {
        return tiers.l2 != null;
    }

    /**
     * One L2 read of {@code keys}: the usable entries, the versions and the group generations, as the read path
     * sees them. Without an L2, an empty read.
     */
    public CompletionStage<RemoteRead<K, V>> readL2(Collection<K> keys) {
        if (tiers.l2 == null) {
            return CompletableFuture.completedFuture(new RemoteRead<>(Map.of(), Map.of(), Map.of(), 0));
        }
        return guarded(() -> tiers.l2.read(keys));
    }

    /** What the source holds for {@code keys} now, read past every cache and kept nowhere. */
    public CompletionStage<Map<K, CacheEntry<V>>> readSource(Collection<K> keys) {
        return guarded(() -> tiers.l3.getAll(keys));
    }
}
