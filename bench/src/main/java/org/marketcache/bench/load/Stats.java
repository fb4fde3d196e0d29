package org.marketcache.bench.load;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.HdrHistogram.Histogram;

/**
 * Latencies (microseconds, 3 significant digits) per endpoint and per answering tier, plus counts. A tier is the
 * response's {@code X-Cache} value; {@code ERR} marks failures and {@code SHED} requests the generator could not
 * even send because {@code max-inflight} requests were already waiting (the server had fallen that far behind).
 * Synchronised: written by the generator's event loop, read by the reporting thread.
 */
public final class Stats {
    static final long MAX_MICROS = 120_000_000L;

    private final Histogram all = histogram();
    private final Map<String, Histogram> byEndpoint = new TreeMap<>();
    private final Map<String, Histogram> byTier = new TreeMap<>();
    private final Map<String, Histogram> byEndpointTier = new TreeMap<>();
    private final Map<String, Long> tierCounts = new TreeMap<>();
    private long count;
    private long errors;
    private long shed;
    private long touchedL3;
    private long bytes;

    static Histogram histogram() {
        return new Histogram(MAX_MICROS, 3);
    }

    public synchronized void record(String endpoint, String tier, boolean l3, long micros, long responseBytes) {
        long v = Math.max(1, Math.min(MAX_MICROS, micros));
        all.recordValue(v);
        byEndpoint.computeIfAbsent(endpoint, k -> histogram()).recordValue(v);
        byTier.computeIfAbsent(tier, k -> histogram()).recordValue(v);
        byEndpointTier.computeIfAbsent(endpoint + " " + tier, k -> histogram()).recordValue(v);
        tierCounts.merge(tier, 1L, Long::sum);
        count++;
        bytes += responseBytes;
        if (l3) {
            touchedL3++;
        }
        if ("ERR".equals(tier)) {
            errors++;
        }
    }

    public synchronized void shed() {
        shed++;
        tierCounts.merge("SHED", 1L, Long::sum);
    }

    /** A copy, so a report can be computed while the run goes on. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(all.copy(), copy(byEndpoint), copy(byTier), copy(byEndpointTier),
                new TreeMap<>(tierCounts), count, errors, shed, touchedL3, bytes);
    }

    /** A snapshot, then starts over (per-interval figures). */
    public synchronized Snapshot snapshotAndReset() {
        Snapshot s = snapshot();
        all.reset();
        byEndpoint.clear();
        byTier.clear();
        byEndpointTier.clear();
        tierCounts.clear();
        count = errors = shed = touchedL3 = bytes = 0;
        return s;
    }

    private static Map<String, Histogram> copy(Map<String, Histogram> m) {
        Map<String, Histogram> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    /** Immutable figures of a run or an interval. */
    public record Snapshot(Histogram all, Map<String, Histogram> byEndpoint, Map<String, Histogram> byTier,
            Map<String, Histogram> byEndpointTier, Map<String, Long> tierCounts, long count, long errors, long shed,
            long touchedL3, long bytes) {

        /** Requests per second over {@code measured}, the measured part of the run. */
        public double perSecond(Duration measured) {
            return count / (measured.toMillis() / 1000.0);
        }

        public long tier(String t) {
            return tierCounts.getOrDefault(t, 0L);
        }

        /** Share of answered requests whose {@code X-Cache} is {@code t}. */
        public double share(String t) {
            long answered = count - errors;
            return answered == 0 ? 0 : (double) tier(t) / answered;
        }

        /** Share of answered requests that did not touch the database (no {@code l3} in {@code Server-Timing}). */
        public double hitRate() {
            long answered = count - errors;
            return answered == 0 ? 0 : 1 - (double) touchedL3 / answered;
        }

        public static double ms(Histogram h, double percentile) {
            return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
        }
    }
}
