package org.marketcache.marketdata.cache;

import org.marketcache.core.bytes.ByteSink;
import org.marketcache.core.bytes.ByteSlices;
import org.marketcache.core.bytes.Fragments;

/**
 * The cached form of a full order book: a JSON head ({@code {"exchange":..,"symbol":..,"time":..,"sequence":..})
 * and each side's levels pre-encoded as {@code ["price","amount"]} fragments, so any depth is two slices of the
 * cached bytes.
 */
public record OrderBookView(long time, long sequence, byte[] head, Fragments bids, Fragments asks, byte[] payload) {

    private static final byte[] BIDS = ",\"bids\":[".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] ASKS = "],\"asks\":[".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Adds the response for the best {@code depth} levels of each side: the head and both sides are referenced
     * (not copied); only the depth is written into a few bytes of its own.
     */
    public void addJson(ByteSlices out, int depth) {
        int b = Math.min(depth, bids.count());
        int a = Math.min(depth, asks.count());
        out.add(head).add(new ByteSink(24).ascii(",\"depth\":").decimal(depth)).add(BIDS);
        bids.addRange(out, 0, b);
        out.add(ASKS);
        asks.addRange(out, 0, a);
        out.add(CLOSE);
    }
}
