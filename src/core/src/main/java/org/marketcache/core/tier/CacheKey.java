package org.marketcache.core.tier;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Identity of one cached value in every tier.
 *
 * <ul>
 *   <li>{@link #cache()} names the cache ({@code candles-1m}, {@code tickers}, ...): it selects the L1 cache and its
 *       policy and is the only key part that may become a metric tag, because the set of caches is bounded.</li>
 *   <li>{@link #group()} is the invalidation group ({@code binance:BTC-USDT}): one generation counter per group
 *       guards fills against racing invalidations, and in Redis it is the hash tag that keeps a group in one
 *       cluster slot.</li>
 *   <li>{@link #id()} is the full key string, unique across caches; equality and hashing use it alone.</li>
 * </ul>
 * Domain modules subclass this to carry what their source needs to load the value (instrument, chunk index, ...).
 */
public class CacheKey {
    private final String cache;
    private final String group;
    private final String id;
    private final int hash;

    public CacheKey(String cache, String group, String id) {
        if (cache == null || group == null || id == null) {
            throw new IllegalArgumentException("cache, group and id are required: " + cache + ", " + group + ", " + id);
        }
        this.cache = cache;
        this.group = group;
        this.id = id;
        this.hash = id.hashCode();
    }

    public final String cache() {
        return cache;
    }

    public final String group() {
        return group;
    }

    public final String id() {
        return id;
    }

    /** The keys split by group, in first-seen order: one Redis slot, one script call, one source query each. */
    public static <K extends CacheKey> Map<String, List<K>> byGroup(Collection<K> keys) {
        Map<String, List<K>> groups = new LinkedHashMap<>();
        for (K k : keys) {
            groups.computeIfAbsent(k.group(), g -> new ArrayList<>()).add(k);
        }
        return groups;
    }

    @Override
    public final boolean equals(Object o) {
        return this == o || (o instanceof CacheKey && ((CacheKey) o).id.equals(id));
    }

    @Override
    public final int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return id;
    }
}
