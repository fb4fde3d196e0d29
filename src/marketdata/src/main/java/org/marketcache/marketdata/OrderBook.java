package org.marketcache.marketdata;

import java.util.List;

/**
 * A full order-book snapshot. Bids are sorted by price descending, asks ascending, with no repeated price and the
 * best bid below the best ask; the cache keeps one full snapshot and serves any depth from it.
 */
public record OrderBook(long time, long sequence, List<PriceLevel> bids, List<PriceLevel> asks) {
    /** Deepest book accepted, per side. */
    public static final int MAX_LEVELS = 5_000;

    public OrderBook {
        Fields.epochMillis("time", time);
        if (sequence < 0) {
            throw Fields.invalid("sequence", "sequence must not be negative: " + sequence);
        }
        bids = List.copyOf(Fields.requireNonNull("bids", bids));
        asks = List.copyOf(Fields.requireNonNull("asks", asks));
        checkSide("bids", bids, -1);
        checkSide("asks", asks, 1);
        if (!bids.isEmpty() && !asks.isEmpty() && bids.get(0).price().compareTo(asks.get(0).price()) >= 0) {
            throw Fields.invalid("bids", "best bid must be below best ask: " + bids.get(0).price().toPlainString()
                    + " >= " + asks.get(0).price().toPlainString());
        }
    }

    private static void checkSide(String field, List<PriceLevel> levels, int direction) {
        if (levels.size() > MAX_LEVELS) {
            throw Fields.invalid(field, field + " must have at most " + MAX_LEVELS + " levels: " + levels.size());
        }
        for (int i = 1; i < levels.size(); i++) {
            int cmp = levels.get(i).price().compareTo(levels.get(i - 1).price());
            if (cmp * direction <= 0) {
                throw Fields.invalid(field + "[" + i + "].price", field + " must be sorted "
                        + (direction < 0 ? "by price descending" : "by price ascending") + " without repeats: "
                        + levels.get(i - 1).price().toPlainString() + " then " + levels.get(i).price().toPlainString());
            }
        }
    }

    /** The best {@code depth} levels of each side. */
    public OrderBook top(int depth) {
        return new OrderBook(time, sequence, bids.subList(0, Math.min(depth, bids.size())),
                asks.subList(0, Math.min(depth, asks.size())));
    }
}
