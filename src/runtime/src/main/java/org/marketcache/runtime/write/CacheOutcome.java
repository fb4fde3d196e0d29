package org.marketcache.runtime.write;

/**
 * What the cache tiers did after a write or an invalidation: entries dropped from this pod's L1, values written to
 * and removed from L2, and the id of the event that tells the other pods (their L1 drops follow within the event
 * lag). {@code eventId} is {@code null} if the event could not be published (Redis unreachable): other pods then
 * fall back on their entries' own lifetimes, see docs/consistency.md.
 */
public record CacheOutcome(long l1Dropped, long l2Written, long l2Removed, String eventId) {
    public static final CacheOutcome NONE = new CacheOutcome(0, 0, 0, null);

    public CacheOutcome plus(CacheOutcome o) {
        return new CacheOutcome(l1Dropped + o.l1Dropped, l2Written + o.l2Written, l2Removed + o.l2Removed,
                o.eventId != null ? o.eventId : eventId);
    }
}
