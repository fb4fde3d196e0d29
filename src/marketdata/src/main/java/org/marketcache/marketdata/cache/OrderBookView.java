package org.marketcache.marketdata.cache;

import org.marketcache.core.ByteSink;
import org.marketcache.core.Fragments;

/**
 * The cached form of a full order book: a JSON head ({@code {"exchange":..,"symbol":..,"time":..,"sequence":..})
 * and each side's levels pre-encoded as {@code ["price","amount"]} fragments, so any depth is two slice copies.
 */
public record OrderBookView(long time, long sequence, byte[] head, Fragments bids, Fragments asks, byte[] payload) {

    /** Writes the response for the best {@code depth} levels of each side. */
    public void writeJson(ByteSink out, int depth) {
        int b = Math.min(depth, bids.count());
        int a = Math.min(depth, asks.count());
        out.write(head).ascii(",\"depth\":").decimal(depth).ascii(",\"bids\":[");
        bids.writeRange(out, 0, b);
        out.ascii("],\"asks\":[");
        asks.writeRange(out, 0, a);
        out.ascii("]}");
    }

    public int jsonSizeHint(int depth) {
        int b = Math.min(depth, bids.count());
        int a = Math.min(depth, asks.count());
        return head.length + 48 + bids.rangeBytes(0, b) + asks.rangeBytes(0, a);
    }
}
