package org.marketcache.runtime.write;

/**
 * What the cache tiers did after a write or an invalidation: entries dropped from this pod's L1, values written to
 * and removed from L2, and the id of the event that tells the other pods (their L1 drops follow within the event
 * lag). {@code eventId} is {@code null} if the event could not be published (Redis unreachable): other pods then
 * fall back on their entries' own lifetimes, see docs/consistency.md.
 */
public record CacheOutcome(long l1Dropped, long l2Written, long l2Removed, String eventId) {
    public static final CacheOutcome NONE = new CacheOutcome(0, 0, 0, null);

    /** Sums the counts and keeps the later event (events of one change may be published in any order). */
    public CacheOutcome plus(CacheOutcome o) {
        return new CacheOutcome(l1Dropped + o.l1Dropped, l2Written + o.l2Written, l2Removed + o.l2Removed,
                later(eventId, o.eventId));
    }

    /** The later of two Redis stream ids ({@code <millis>-<sequence>}); {@code null} is earlier than any id. */
    static String later(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        int da = a.indexOf('-');
        int db = b.indexOf('-');
        long ma = Long.parseLong(da < 0 ? a : a.substring(0, da));
        long mb = Long.parseLong(db < 0 ? b : b.substring(0, db));
        if (ma != mb) {
            return ma > mb ? a : b;
        }
        long sa = da < 0 ? 0 : Long.parseLong(a.substring(da + 1));
        long sb = db < 0 ? 0 : Long.parseLong(b.substring(db + 1));
        return sa >= sb ? a : b;
    }
}
