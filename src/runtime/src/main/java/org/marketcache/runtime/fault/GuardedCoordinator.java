package org.marketcache.runtime.fault;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.LoadCoordinator;

/** Lease calls through the Redis circuit breaker: with Redis down, nobody waits for a lease. */
public final class GuardedCoordinator<K extends CacheKey> implements LoadCoordinator<K> {
    private final LoadCoordinator<K> coordinator;
    private final FaultGuards guards;

    public GuardedCoordinator(LoadCoordinator<K> coordinator, FaultGuards guards) {
        this.coordinator = coordinator;
        this.guards = guards;
    }

    @Override
    public CompletionStage<Set<K>> tryAcquire(Collection<K> keys) {
        return guards.redis(() -> coordinator.tryAcquire(keys));
    }

    @Override
    public void release(Collection<K> keys) {
        coordinator.release(keys);
    }
}
