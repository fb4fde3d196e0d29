package org.marketcache.core.tier;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The shared tier (L2): authoritative for cached data across pods.
 *
 * <p>Writes from readers are conditional. A read returns, besides the usable entries, the generation of every group
 * it touched and the version of every key it found (including invalidated values and tombstones). A fill then
 * writes only if the group's generation is unchanged and the key still holds the version the reader saw (or is
 * still absent). That closes the classic race in which a slow reader writes an old value back after an
 * invalidation; writers that update a value (ingest) use the same compare-and-set.
 */
public interface RemoteTier<K extends CacheKey, V> extends CacheTier<K, V> {

    /** Expected version meaning "the key must be absent". */
    long ABSENT = -1L;
    /** Expected version meaning "overwrite whatever is there" (used over corrupt values). */
    long ANY = -2L;

    CompletionStage<RemoteRead<K, V>> read(Collection<K> keys);

    /** Writes each fill whose group generation and key version still match; returns the keys written. */
    CompletionStage<java.util.Set<K>> fill(Collection<Fill<K, V>> fills);

    /**
     * Invalidates every value of this tier's cache for one group at once: values written before are invisible
     * from now on and fills that read before are refused. Returns how many stored values were removed.
     */
    CompletionStage<Long> invalidateGroup(String group);

    @Override
    default Tier tier() {
        return Tier.L2;
    }

    @Override
    default CompletionStage<Map<K, CacheEntry<V>>> getAll(Collection<K> keys) {
        return read(keys).thenApply(RemoteRead::entries);
    }

    /**
     * What one round trip to L2 saw: usable {@code entries}; the {@code versions} of every key present (values,
     * invalidated values, tombstones; {@link #ANY} for a value that did not decode); the {@code generations} of the
     * groups; the number of corrupt values.
     */
    record RemoteRead<K extends CacheKey, V>(Map<K, CacheEntry<V>> entries, Map<K, Long> versions,
            Map<String, Long> generations, int corrupt) {
        public long generation(String group) {
            Long g = generations.get(group);
            return g == null ? 0L : g;
        }

        public long version(K key) {
            Long v = versions.get(key);
            return v == null ? ABSENT : v;
        }
    }

    /**
     * A conditional write of {@code entry} (whose own version is the new version) under {@code key}, if the group's
     * generation is still {@code expectedGeneration} and the key holds {@code expectedVersion} ({@link #ABSENT}: no
     * value; {@link #ANY}: anything).
     */
    record Fill<K extends CacheKey, V>(K key, CacheEntry<V> entry, long expectedGeneration, long expectedVersion) {
        /**
         * The fill of {@code entry} under {@code key} by someone who saw {@code read}: it writes only over the
         * version the read saw (or only if the key is still absent), in the group generation the read saw, and the
         * entry gets the next version. Every reader's fill and every writer's compare-and-set is built here.
         */
        public static <K extends CacheKey, V> Fill<K, V> after(RemoteRead<K, V> read, K key, CacheEntry<V> entry) {
            long expected = read.version(key);
            return new Fill<>(key, entry.withVersion(nextVersion(expected)), read.generation(key.group()), expected);
        }

        /** The version a value written over {@code expected} gets: one more, so versions never repeat. */
        public static long nextVersion(long expected) {
            return expected >= 0 ? expected + 1 : 0;
        }
    }
}
