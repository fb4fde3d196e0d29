package org.marketcache.core.series;

import org.marketcache.core.bytes.Fragments;
import java.util.Arrays;

/**
 * One cached chunk of a time series (candles, trades): element times in ascending order, each element pre-encoded
 * as a JSON fragment, and the compact binary payload that L2 stores. {@code complete} means no element of the chunk
 * can change any more (all candles closed, the window in the past): such a chunk is immutable and cached long.
 */
public final class SeriesChunk {
    private final long start;
    private final long end;
    private final long[] times;
    private final Fragments json;
    private final byte[] payload;
    private final boolean complete;

    public SeriesChunk(long start, long end, long[] times, Fragments json, byte[] payload, boolean complete) {
        if (times.length != json.count()) {
            throw new IllegalArgumentException(times.length + " times but " + json.count() + " fragments");
        }
        this.start = start;
        this.end = end;
        this.times = times;
        this.json = json;
        this.payload = payload;
        this.complete = complete;
    }

    /** Start of the chunk's span (inclusive), epoch millis. */
    public long start() {
        return start;
    }

    /** End of the chunk's span (exclusive). */
    public long end() {
        return end;
    }

    public int count() {
        return times.length;
    }

    public long time(int i) {
        return times[i];
    }

    public Fragments json() {
        return json;
    }

    public byte[] payload() {
        return payload;
    }

    public boolean complete() {
        return complete;
    }

    /** Index of the first element with time at or after {@code t}. */
    public int lowerBound(long t) {
        int i = Arrays.binarySearch(times, t);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && times[i - 1] == t) {
            i--;
        }
        return i;
    }

    /** Approximate bytes held on the heap (for L1 weighing and sizing docs). */
    public int byteSize() {
        return 64 + times.length * 8 + json.byteSize() + payload.length;
    }
}
