package org.marketcache.runtime.fault;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.CacheTier;
import org.marketcache.core.tier.Tier;

/** The source tier (L3) behind the database bulkhead. */
public final class GuardedSourceTier<K extends CacheKey, V> implements CacheTier<K, V> {
    private final CacheTier<K, V> tier;
    private final FaultGuards guards;

    public GuardedSourceTier(CacheTier<K, V> tier, FaultGuards guards) {
        this.tier = tier;
        this.guards = guards;
    }

    @Override
    public Tier tier() {
        return Tier.L3;
    }

    @Override
    public CompletionStage<Map<K, CacheEntry<V>>> getAll(Collection<K> keys) {
        return guards.database(() -> tier.getAll(keys));
    }

    @Override
    public CompletionStage<Map<K, CacheEntry<V>>> reload(Collection<K> keys, Map<K, V> previous) {
        return guards.database(() -> tier.reload(keys, previous));
    }

    @Override
    public CompletionStage<Void> putAll(Map<K, CacheEntry<V>> entries) {
        return guards.database(() -> tier.putAll(entries));
    }

    @Override
    public CompletionStage<Long> invalidateAll(Collection<K> keys) {
        return tier.invalidateAll(keys);
    }
}
