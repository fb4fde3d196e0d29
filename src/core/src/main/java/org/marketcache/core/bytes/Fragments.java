package org.marketcache.core.bytes;

/**
 * Pre-encoded pieces of a response (one JSON object per element) stored back to back with a comma between them,
 * so that any run of consecutive elements is one contiguous slice: an L1 hit copies bytes instead of encoding.
 *
 * <p>Layout: {@code bytes = f0,f1,...,fn-1}; {@code offsets[i]} is where {@code fi} starts and
 * {@code offsets[n] = bytes.length + 1}, so elements {@code [i, j)} are {@code bytes[offsets[i], offsets[j] - 1)}.
 */
public final class Fragments {
    public static final Fragments EMPTY = new Fragments(new byte[0], new int[] {1});
    private final byte[] bytes;
    private final int[] offsets;

    public Fragments(byte[] bytes, int[] offsets) {
        if (offsets.length == 0 || offsets[offsets.length - 1] != bytes.length + 1) {
            throw new IllegalArgumentException("offsets must end at bytes.length + 1");
        }
        this.bytes = bytes;
        this.offsets = offsets;
    }

    public int count() {
        return offsets.length - 1;
    }

    /** Bytes held (for sizing and weighing). */
    public int byteSize() {
        return bytes.length + offsets.length * 4;
    }

    /** Writes elements {@code [from, to)} joined by commas (nothing if empty). */
    public void writeRange(ByteSink out, int from, int to) {
        if (from < to) {
            out.write(bytes, offsets[from], offsets[to] - 1 - offsets[from]);
        }
    }

    /** Adds elements {@code [from, to)} joined by commas as one slice of this object's bytes (no copy). */
    public void addRange(ByteSlices out, int from, int to) {
        if (from < to) {
            out.add(bytes, offsets[from], offsets[to] - 1 - offsets[from]);
        }
    }

    public int rangeBytes(int from, int to) {
        return from < to ? offsets[to] - 1 - offsets[from] : 0;
    }

    /** Builds fragments element by element. */
    public static final class Builder {
        private final ByteSink sink;
        private int[] offsets;
        private int count;

        public Builder(int expectedCount, int expectedBytes) {
            this.sink = new ByteSink(expectedBytes);
            this.offsets = new int[Math.max(2, expectedCount + 1)];
        }

        /** The sink to write the next element into; call {@link #end()} after it. */
        public ByteSink begin() {
            if (count > 0) {
                sink.write(',');
            }
            if (count + 1 >= offsets.length) {
                offsets = java.util.Arrays.copyOf(offsets, offsets.length * 2);
            }
            offsets[count] = sink.size();
            return sink;
        }

        public void end() {
            count++;
        }

        public Fragments build() {
            int[] o = java.util.Arrays.copyOf(offsets, count + 1);
            o[count] = sink.size() + 1;
            return new Fragments(sink.toByteArray(), o);
        }
    }
}
