package org.marketcache.core.series;

import org.marketcache.core.bytes.ByteSlices;
import java.util.List;

/**
 * Stitches consecutive chunks into one answer: the elements with times in {@code [from, to)}, at most {@code limit}
 * of them, either the first ones ({@code latest = false}) or the last ones ({@code latest = true}), written as
 * comma-separated JSON fragments in ascending time. Each chunk contributes one contiguous slice, so the work is a
 * binary search per chunk, and the answer references the chunks' bytes instead of copying them ({@link ByteSlices}).
 */
public final class SeriesWindow {
    private final int[] first;
    private final int[] last;
    private final List<SeriesChunk> chunks;
    private final int count;

    private SeriesWindow(List<SeriesChunk> chunks, int[] first, int[] last, int count) {
        this.chunks = chunks;
        this.first = first;
        this.last = last;
        this.count = count;
    }

    /** @param chunks ascending, non-overlapping; {@code null} entries are skipped */
    public static SeriesWindow select(List<SeriesChunk> chunks, long from, long to, int limit, boolean latest) {
        int n = chunks.size();
        int[] first = new int[n];
        int[] last = new int[n];
        for (int i = 0; i < n; i++) {
            SeriesChunk c = chunks.get(i);
            if (c == null) {
                continue;
            }
            first[i] = c.lowerBound(from);
            last[i] = c.lowerBound(to);
        }
        int remaining = limit;
        if (latest) {
            for (int i = n - 1; i >= 0; i--) {
                int take = Math.min(remaining, last[i] - first[i]);
                first[i] = last[i] - take;
                remaining -= take;
            }
        } else {
            for (int i = 0; i < n; i++) {
                int take = Math.min(remaining, last[i] - first[i]);
                last[i] = first[i] + take;
                remaining -= take;
            }
        }
        return new SeriesWindow(chunks, first, last, limit - remaining);
    }

    public int count() {
        return count;
    }

    /** Slices the selected elements need: one per chunk that contributes, and a comma between them. */
    public int sliceCountHint() {
        return 2 * chunks.size();
    }

    /**
     * Adds the selected fragments, joined by commas (no brackets), as references into the chunks' own bytes: one
     * slice per contributing chunk, nothing copied.
     */
    public void addTo(ByteSlices out) {
        boolean any = false;
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i) == null || first[i] >= last[i]) {
                continue;
            }
            if (any) {
                out.comma();
            }
            chunks.get(i).json().addRange(out, first[i], last[i]);
            any = true;
        }
    }
}
