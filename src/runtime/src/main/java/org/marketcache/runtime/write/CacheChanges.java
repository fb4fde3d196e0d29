package org.marketcache.runtime.write;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.marketcache.core.engine.Completions;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.runtime.events.CacheEvents;

/**
 * How every change to cached values ends, whether a write ({@link CacheWriter}) or an explicit invalidation
 * ({@link CacheInvalidator}) made it: one event per cache, so every pod drops its L1 copies and re-reads L2. A
 * failed L2 update or an unpublished event is logged and does not fail the change: the database (or the write-back
 * log) already holds the data, and the cached copies expire on their own.
 */
@ApplicationScoped
public class CacheChanges {
    private static final Logger LOG = Logger.getLogger(CacheChanges.class);

    @Inject
    CacheEvents events;

    /** Tombstones {@code keys} in L2 (so no racing fill puts an older value back) and tells every pod. */
    public <K extends CacheKey, V> CompletionStage<CacheOutcome> drop(TieredCache<K, V> cache, List<K> keys) {
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(CacheOutcome.NONE);
        }
        return settle(cache.name(), keys, cache.invalidate(keys)
                .thenApply(n -> new CacheOutcome(keys.size(), 0, n, null)));
    }

    /**
     * Ends a change of {@code keys} of {@code cache} whose L2 part is {@code l2}: an L2 failure is logged (and
     * counts as nothing written), then the keys-changed event is published.
     */
    public CompletionStage<CacheOutcome> settle(String cache, List<? extends CacheKey> keys,
            CompletionStage<CacheOutcome> l2) {
        return l2.handle((o, err) -> {
            if (err != null) {
                LOG.warnf("%s: L2 could not be updated after a write (%s); readers may see the old value until it"
                        + " expires", cache, Completions.unwrap(err).getMessage());
                return new CacheOutcome(keys.size(), 0, 0, null);
            }
            return o;
        }).thenCompose(o -> publish(events.keysChanged(cache, keys), o));
    }

    /** {@code o} with the id of {@code event} once published; {@code o} as it is if publishing failed. */
    public CompletionStage<CacheOutcome> publish(CompletionStage<String> event, CacheOutcome o) {
        return event.handle((id, err) -> {
            if (err != null) {
                LOG.warnf("invalidation event not published (%s): other pods keep their L1 copies until they"
                        + " expire", Completions.unwrap(err).getMessage());
                return o;
            }
            return new CacheOutcome(o.l1Dropped(), o.l2Written(), o.l2Removed(), id);
        });
    }
}
