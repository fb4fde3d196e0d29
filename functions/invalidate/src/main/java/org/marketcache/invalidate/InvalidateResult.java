package org.marketcache.invalidate;

import java.util.List;

/**
 * What an invalidation removed: L2 values removed (or made unreachable), L1 entries dropped in this pod, and the
 * events every other pod applies to its own L1 (within the event lag, see docs/consistency.md). L3 is the system
 * of record and is never touched.
 */
public record InvalidateResult(String scope, long l2Removed, long l1Dropped, List<String> events, long l3Removed) {
}
