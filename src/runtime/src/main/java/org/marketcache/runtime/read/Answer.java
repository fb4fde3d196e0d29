package org.marketcache.runtime.read;

import java.util.Set;

import org.marketcache.core.bytes.ByteSlices;
import org.marketcache.core.engine.Lookup;
import org.marketcache.core.tier.Tier;

/**
 * A ready response body and how it was produced: which tiers answered, whether anything was served stale because
 * the database failed, and the time spent per tier (nanoseconds). The body is a list of slices of arrays nobody
 * writes to any more — cached fragments, a cached value's bytes, the renderer's own small buffers — handed to the
 * HTTP layer without a copy.
 */
public record Answer(ByteSlices slices, Set<Tier> tiers, boolean stale, long l1Nanos, long l2Nanos, long l3Nanos) {

    static Answer of(ByteSlices body, Set<Tier> tiers, boolean stale, long l1Nanos, long l2Nanos, long l3Nanos) {
        return new Answer(body, tiers, stale, l1Nanos, l2Nanos, l3Nanos);
    }

    static Answer of(byte[] body, Set<Tier> tiers, boolean stale, long l1Nanos, long l2Nanos, long l3Nanos) {
        return of(ByteSlices.of(body, body.length), tiers, stale, l1Nanos, l2Nanos, l3Nanos);
    }

    static Answer from(ByteSlices body, Lookup<?, ?> lookup) {
        return of(body, lookup.answeredBy(), lookup.stale(), lookup.nanos(Tier.L1), lookup.nanos(Tier.L2),
                lookup.nanos(Tier.L3));
    }

    static Answer from(byte[] body, Lookup<?, ?> lookup) {
        return from(ByteSlices.of(body, body.length), lookup);
    }

    /** Length of the body in bytes. */
    public int length() {
        return slices.length();
    }

    /** The body as an array of its own (a copy; for tests and tools). */
    public byte[] body() {
        return slices.toByteArray();
    }

    /** {@code L1}, {@code L2}, {@code L3}, {@code MIXED}, or {@code NONE} when nothing had to be looked up. */
    public String xCache() {
        if (tiers.isEmpty()) {
            return "NONE";
        }
        return tiers.size() == 1 ? tiers.iterator().next().name() : "MIXED";
    }

    /** {@code Server-Timing} value: milliseconds spent in each tier that was asked. */
    public String serverTiming() {
        StringBuilder sb = new StringBuilder(48);
        append(sb, "l1", l1Nanos);
        append(sb, "l2", l2Nanos);
        append(sb, "l3", l3Nanos);
        return sb.toString();
    }

    private static void append(StringBuilder sb, String name, long nanos) {
        if (nanos <= 0) {
            return;
        }
        if (sb.length() > 0) {
            sb.append(", ");
        }
        long micros = nanos / 1000;
        sb.append(name).append(";dur=").append(micros / 1000).append('.');
        long frac = micros % 1000;
        sb.append(frac < 10 ? "00" : frac < 100 ? "0" : "").append(frac);
    }
}
