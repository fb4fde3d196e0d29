package org.marketcache.core.series;

/**
 * Cuts a time axis into aligned chunks of {@code spanMillis}, counted from the epoch: chunk {@code i} covers
 * {@code [i × span, (i + 1) × span)}. A range request becomes the list of chunk indexes it overlaps; each chunk is
 * cached on its own, so overlapping requests share chunks instead of caching each range separately.
 */
public record TimeChunking(long spanMillis) {
    public TimeChunking {
        if (spanMillis <= 0) {
            throw new IllegalArgumentException("chunk span must be positive: " + spanMillis + " ms");
        }
    }

    public long index(long epochMillis) {
        return Math.floorDiv(epochMillis, spanMillis);
    }

    public long start(long index) {
        return index * spanMillis;
    }

    public long end(long index) {
        return (index + 1) * spanMillis;
    }

    /** First and last chunk index overlapping {@code [from, to)}; empty ({@code last < first}) if {@code to <= from}. */
    public long[] covering(long from, long to) {
        if (to <= from) {
            return new long[] {0, -1};
        }
        return new long[] {index(from), index(to - 1)};
    }
}
