package org.marketcache.runtime.fault;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.RemoteTier;

/** An L2 tier whose every call goes through the Redis circuit breaker. */
public final class GuardedRemoteTier<K extends CacheKey, V> implements RemoteTier<K, V> {
    private final RemoteTier<K, V> tier;
    private final FaultGuards guards;

    public GuardedRemoteTier(RemoteTier<K, V> tier, FaultGuards guards) {
        this.tier = tier;
        this.guards = guards;
    }

    public RemoteTier<K, V> unguarded() {
        return tier;
    }

    @Override
    public CompletionStage<RemoteRead<K, V>> read(Collection<K> keys) {
        return guards.redis(() -> tier.read(keys));
    }

    @Override
    public CompletionStage<java.util.Set<K>> fill(Collection<Fill<K, V>> fills) {
        return guards.redis(() -> tier.fill(fills));
    }

    @Override
    public CompletionStage<Long> invalidateGroup(String group) {
        return guards.redis(() -> tier.invalidateGroup(group));
    }

    @Override
    public CompletionStage<Void> putAll(Map<K, CacheEntry<V>> entries) {
        return guards.redis(() -> tier.putAll(entries));
    }

    @Override
    public CompletionStage<Long> invalidateAll(Collection<K> keys) {
        return guards.redis(() -> tier.invalidateAll(keys));
    }
}
