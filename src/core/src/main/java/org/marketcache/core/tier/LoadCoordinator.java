package org.marketcache.core.tier;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Cross-pod single flight: before a pod loads keys from the source it asks for a short lease on each; keys leased
 * by another pod are awaited in L2 for a bounded time instead of being loaded again. A lease is only an
 * optimisation: if the coordinator fails, every key counts as acquired and the bulkhead protects the source.
 */
public interface LoadCoordinator<K extends CacheKey> {

    /** Grants every key: a single pod, or tests that need no coordination. */
    LoadCoordinator<CacheKey> NONE = new LoadCoordinator<>() {
        @Override
        public CompletionStage<Set<CacheKey>> tryAcquire(Collection<CacheKey> keys) {
            return CompletableFuture.completedFuture(Set.copyOf(keys));
        }

        @Override
        public void release(Collection<CacheKey> keys) {
        }
    };

    @SuppressWarnings("unchecked")
    static <K extends CacheKey> LoadCoordinator<K> none() {
        return (LoadCoordinator<K>) NONE;
    }

    /** Returns the subset of keys this pod now holds a lease on. */
    CompletionStage<Set<K>> tryAcquire(Collection<K> keys);

    /** Gives back leases this pod holds; fire and forget (a lease also expires by itself). */
    void release(Collection<K> keys);
}
