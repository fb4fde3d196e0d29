package org.marketcache.core.tier;

import org.marketcache.core.codec.CorruptValueException;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * One tier of the cache, seen the same way from every level: L1 in process, L2 in Redis, L3 the database that is
 * the system of record. The caching tiers (L1, L2) pass one contract suite (the test kit's
 * {@code CacheTierContract}); the source tiers, which load from the system of record, are tested through the read
 * path.
 *
 * <p>Rules every tier keeps:
 * <ul>
 *   <li>{@link #getAll} answers only the keys it holds; a value it cannot decode is a miss, never an error
 *       (except in the source tier, where a corrupt row is reported as {@link CorruptValueException} rather than
 *       cached).</li>
 *   <li>Entries are returned while {@code now < expireAt + retention}; the caller decides fresh, stale or
 *       expired from the stamps in {@link CacheEntry}.</li>
 *   <li>Every remote call has a deadline and fails with {@link TierTimeoutException} past it.</li>
 * </ul>
 */
public interface CacheTier<K extends CacheKey, V> {

    Tier tier();

    CompletionStage<Map<K, CacheEntry<V>>> getAll(Collection<K> keys);

    /**
     * Reloads keys whose cached values are past their soft expiry (a background refresh), given those values in
     * {@code previous} (keys without a previous value are absent from it). A source tier whose values can only
     * change at their end (the live part of a time series) may read just that part and keep the rest of the
     * previous value, which is what makes refreshing live chunks cheap; the answer is then the same as
     * {@link #getAll} would give as long as only that part changed in the source. Default: {@link #getAll}.
     */
    default CompletionStage<Map<K, CacheEntry<V>>> reload(Collection<K> keys, Map<K, V> previous) {
        return getAll(keys);
    }

    /** Stores the entries unconditionally. For the source tier this writes the values as data of record. */
    CompletionStage<Void> putAll(Map<K, CacheEntry<V>> entries);

    /**
     * Removes the keys and returns how many were present. The source tier is never invalidated: it returns 0 and
     * keeps its data.
     */
    CompletionStage<Long> invalidateAll(Collection<K> keys);
}
