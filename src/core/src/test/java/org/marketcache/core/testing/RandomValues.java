package org.marketcache.core.testing;

import java.util.Random;

/** Random values for randomised tests, biased towards the edges where encodings break. */
public final class RandomValues {
    private RandomValues() {
    }

    /** Longs biased towards edges: 0, ±1, extremes, powers of ten, and anything. */
    public static long anyLong(Random r) {
        switch (r.nextInt(6)) {
            case 0:
                return new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}[r.nextInt(6)];
            case 1:
                return (long) Math.pow(10, r.nextInt(19)) * (r.nextBoolean() ? 1 : -1);
            case 2:
                return r.nextInt(1000) - 500;
            default:
                return r.nextLong() >> r.nextInt(64);
        }
    }
}
