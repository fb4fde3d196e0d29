package org.marketcache.warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@link CountingStore} saw: the start time of every database read (when its {@code Uni} was subscribed,
 * i.e. when the SQL was sent) and how many were in flight at most. Static because the decorator is a CDI bean of
 * the application under test and the test reads it from outside.
 */
public final class StoreCalls {
    private static final List<Long> STARTS = new ArrayList<>();
    private static final List<String> WHAT = new ArrayList<>();
    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    private static final AtomicInteger MAX_IN_FLIGHT = new AtomicInteger();

    private StoreCalls() {
    }

    static void started(String what) {
        synchronized (STARTS) {
            STARTS.add(System.nanoTime());
            WHAT.add(what);
        }
        int now = IN_FLIGHT.incrementAndGet();
        MAX_IN_FLIGHT.accumulateAndGet(now, Math::max);
    }

    static void ended() {
        IN_FLIGHT.decrementAndGet();
    }

    public static void reset() {
        synchronized (STARTS) {
            STARTS.clear();
            WHAT.clear();
        }
        MAX_IN_FLIGHT.set(IN_FLIGHT.get());
    }

    public static int count() {
        synchronized (STARTS) {
            return STARTS.size();
        }
    }

    public static List<String> what() {
        synchronized (STARTS) {
            return new ArrayList<>(WHAT);
        }
    }

    /** Start times in nanoseconds ({@link System#nanoTime()}), in order. */
    public static List<Long> starts() {
        synchronized (STARTS) {
            return new ArrayList<>(STARTS);
        }
    }

    public static int maxInFlight() {
        return MAX_IN_FLIGHT.get();
    }

    /** The most reads that started within any window of {@code windowMillis} (half-open). */
    public static int maxInAnyWindow(long windowMillis) {
        List<Long> s = starts();
        long window = windowMillis * 1_000_000L;
        int best = 0;
        int lo = 0;
        for (int hi = 0; hi < s.size(); hi++) {
            while (s.get(hi) - s.get(lo) >= window) {
                lo++;
            }
            best = Math.max(best, hi - lo + 1);
        }
        return best;
    }
}
