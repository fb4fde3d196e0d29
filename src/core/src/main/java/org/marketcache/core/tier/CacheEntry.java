package org.marketcache.core.tier;

/**
 * A value with the times that govern it, identical in meaning in every tier.
 *
 * <ul>
 *   <li>before {@code refreshAt}: fresh, served as is;</li>
 *   <li>from {@code refreshAt} to {@code expireAt}: stale-while-revalidate, served while one background load
 *       refreshes it;</li>
 *   <li>from {@code expireAt}: expired, reloaded before it is served; only if the reload fails may it still be
 *       served, marked stale, until {@code expireAt + staleIfError}.</li>
 * </ul>
 * {@code version} counts writes of this key in L2 (0 for a value loaded from the source) so that concurrent writers
 * can compare-and-set.
 */
public record CacheEntry<V>(V value, long writtenAt, long refreshAt, long expireAt, long version) {

    public CacheEntry {
        if (value == null) {
            throw new IllegalArgumentException("value is required");
        }
        if (refreshAt > expireAt) {
            refreshAt = expireAt;
        }
    }

    public boolean isFresh(long now) {
        return now < refreshAt;
    }

    public boolean isUsable(long now) {
        return now < expireAt;
    }

    public boolean needsRefresh(long now) {
        return now >= refreshAt;
    }

    public CacheEntry<V> withVersion(long v) {
        return v == version ? this : new CacheEntry<>(value, writtenAt, refreshAt, expireAt, v);
    }

    /** A copy whose times are clipped to at most {@code refreshAt}/{@code expireAt}: how L1 shortens L2 stamps. */
    public CacheEntry<V> clippedTo(long maxRefreshAt, long maxExpireAt) {
        long e = Math.min(expireAt, maxExpireAt);
        long r = Math.min(refreshAt, Math.min(maxRefreshAt, e));
        return r == refreshAt && e == expireAt ? this : new CacheEntry<>(value, writtenAt, r, e, version);
    }
}
