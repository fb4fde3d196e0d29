package org.marketcache.core.policy;

import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;

/**
 * Decides the times of an entry: how long a value loaded from the source stays fresh and usable, how L1 shortens
 * that, and how long a value may still be served when the source fails.
 */
public interface EntryPolicy<K extends CacheKey, V> {

    /** Stamps a value just read from the source of record (version 0). */
    CacheEntry<V> stamp(K key, V value, long now);

    /** The L1 copy of an entry from L2 or L3: its times clipped to L1's own bounds. */
    CacheEntry<V> forL1(CacheEntry<V> entry, long now);

    /** How long past {@code expireAt} an entry is kept and may be served, marked stale, while the source fails. */
    long staleIfErrorMillis();
}
