package org.marketcache.core.bytes;

import java.util.Arrays;

/**
 * A response body as a sequence of slices of byte arrays that nobody writes to any more: the cached chunks'
 * pre-encoded fragments, plus a few bytes of JSON around them. An L1 hit that stitches chunks therefore references
 * the cached bytes instead of copying them into a fresh answer-sized array; the HTTP layer hands the slices to the
 * network as one composite buffer, which the transport copies once into its own pooled (direct) memory.
 *
 * <p>Why: a fresh 66 KB array per answer was the library-level L1 hit's tail (allocation outside the thread-local
 * buffers, young collections; docs/performance.md §6.8). Only arrays that are never modified after they are handed
 * over may be added ({@link Fragments} and the cached snapshot bytes are immutable). Not thread-safe; one per answer.
 */
public final class ByteSlices {
    private static final byte[] COMMA = {','};
    private byte[][] arrays;
    private int[] offsets;
    private int[] lengths;
    private int count;
    private int length;

    public ByteSlices(int expectedSlices) {
        int n = Math.max(2, expectedSlices);
        arrays = new byte[n][];
        offsets = new int[n];
        lengths = new int[n];
    }

    /** One slice: {@code bytes[0, length)}. */
    public static ByteSlices of(byte[] bytes, int length) {
        return new ByteSlices(1).add(bytes, 0, length);
    }

    /** References {@code bytes[off, off + len)}; empty slices are skipped. */
    public ByteSlices add(byte[] bytes, int off, int len) {
        if (off < 0 || len < 0 || off + len > bytes.length) {
            throw new IndexOutOfBoundsException("slice [" + off + ", " + (off + len) + ") of " + bytes.length
                    + " bytes");
        }
        if (len == 0) {
            return this;
        }
        if (count == arrays.length) {
            arrays = Arrays.copyOf(arrays, count * 2);
            offsets = Arrays.copyOf(offsets, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        arrays[count] = bytes;
        offsets[count] = off;
        lengths[count] = len;
        count++;
        length += len;
        return this;
    }

    /** References the whole array. */
    public ByteSlices add(byte[] bytes) {
        return add(bytes, 0, bytes.length);
    }

    /** References the sink's bytes; the caller gives up the sink. */
    public ByteSlices add(ByteSink sink) {
        return add(sink.array(), 0, sink.size());
    }

    /** A comma (shared constant). */
    public ByteSlices comma() {
        return add(COMMA, 0, 1);
    }

    /** Number of slices. */
    public int count() {
        return count;
    }

    /** Total bytes. */
    public int length() {
        return length;
    }

    public byte[] array(int slice) {
        return arrays[check(slice)];
    }

    public int offset(int slice) {
        return offsets[check(slice)];
    }

    public int length(int slice) {
        return lengths[check(slice)];
    }

    private int check(int slice) {
        if (slice < 0 || slice >= count) {
            throw new IndexOutOfBoundsException("slice " + slice + " of " + count);
        }
        return slice;
    }

    /** The body as one array of its own (a copy; for tests, tools and callers that need contiguous bytes). */
    public byte[] toByteArray() {
        byte[] out = new byte[length];
        int at = 0;
        for (int i = 0; i < count; i++) {
            System.arraycopy(arrays[i], offsets[i], out, at, lengths[i]);
            at += lengths[i];
        }
        return out;
    }
}
