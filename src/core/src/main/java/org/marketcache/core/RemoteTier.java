package org.marketcache.core;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The shared tier (L2): authoritative for cached data across pods.
 *
 * <p>Reads also return the generation of each group they touched, and fills are conditional on it: a value loaded
 * from the source is written only if no invalidation of its group happened since the read, and only over the
 * exact version the reader saw (or over nothing). That closes the classic race in which a slow reader writes an
 * old value back after an invalidation.
 */
public interface RemoteTier<K extends CacheKey, V> extends CacheTier<K, V> {

    /** No version: the key must be absent for a conditional fill to write. */
    long ABSENT = -1L;

    CompletionStage<RemoteRead<K, V>> read(Collection<K> keys);

    /** Writes each fill whose group generation and key version still match; returns how many were written. */
    CompletionStage<Integer> fill(Collection<Fill<K, V>> fills);

    @Override
    default Tier tier() {
        return Tier.L2;
    }

    @Override
    default CompletionStage<Map<K, CacheEntry<V>>> getAll(Collection<K> keys) {
        return read(keys).thenApply(RemoteRead::entries);
    }

    /** What one round trip to L2 saw. */
    record RemoteRead<K extends CacheKey, V>(Map<K, CacheEntry<V>> entries, Map<String, Long> generations,
            int corrupt) {
        public long generation(String group) {
            Long g = generations.get(group);
            return g == null ? 0L : g;
        }
    }

    /**
     * A conditional write: {@code entry} under {@code key} if the group's generation is still
     * {@code expectedGeneration} and the stored version is {@code expectedVersion} ({@link #ABSENT}: no value).
     */
    record Fill<K extends CacheKey, V>(K key, CacheEntry<V> entry, long expectedGeneration, long expectedVersion) {
    }
}
