package org.marketcache.marketdata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A half-open interval of epoch milliseconds, {@code [fromInclusive, toExclusive)}. Empty when both ends are
 * equal; never reversed.
 */
public record TimeRange(long fromInclusive, long toExclusive) {

    public TimeRange {
        Fields.epochMillis("from", fromInclusive);
        Fields.epochMillis("to", toExclusive);
        if (toExclusive < fromInclusive) {
            throw Fields.invalid("to", "to must not be before from: from " + fromInclusive + ", to " + toExclusive);
        }
    }

    public static TimeRange of(long fromInclusive, long toExclusive) {
        return new TimeRange(fromInclusive, toExclusive);
    }

    public boolean isEmpty() {
        return toExclusive == fromInclusive;
    }

    public boolean contains(long epochMillis) {
        return epochMillis >= fromInclusive && epochMillis < toExclusive;
    }

    public long lengthMillis() {
        return toExclusive - fromInclusive;
    }

    /**
     * The same instants as {@code ranges}, as few non-empty ranges as possible, sorted: overlapping and touching
     * ranges are merged and empty ones dropped. A query over the result never returns a row twice.
     */
    public static List<TimeRange> normalize(List<TimeRange> ranges) {
        List<TimeRange> sorted = new ArrayList<>(ranges.size());
        for (TimeRange r : ranges) {
            if (!Fields.requireNonNull("ranges[]", r).isEmpty()) {
                sorted.add(r);
            }
        }
        sorted.sort(Comparator.comparingLong(TimeRange::fromInclusive));
        List<TimeRange> merged = new ArrayList<>(sorted.size());
        for (TimeRange r : sorted) {
            int last = merged.size() - 1;
            if (last >= 0 && r.fromInclusive <= merged.get(last).toExclusive) {
                TimeRange prev = merged.get(last);
                merged.set(last, new TimeRange(prev.fromInclusive, Math.max(prev.toExclusive, r.toExclusive)));
            } else {
                merged.add(r);
            }
        }
        return merged;
    }
}
