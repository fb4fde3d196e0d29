package org.marketcache.marketdata.query;

import java.time.Duration;

import org.marketcache.marketdata.Instrument;

/**
 * A validated trade request: the first {@code limit} trades from {@code from}, or the latest {@code limit} before
 * {@code to} (default now). A {@code from..to} range may span at most {@code maxRange}.
 */
public record TradeQuery(Instrument instrument, Long from, Long to, int limit) {

    public static TradeQuery parse(String exchange, String symbol, String from, String to, String limit,
            int defaultLimit, int maxLimit, Duration maxRange) {
        Instrument instrument = Instrument.of(exchange, symbol);
        Long f = Params.time("from", from);
        Long t = Params.time("to", to);
        if (f != null && t != null && f >= t) {
            throw Params.invalid("INVALID_RANGE", "from", "from must be before to: from " + f + " >= to " + t);
        }
        if (f != null && t != null && t - f > maxRange.toMillis()) {
            throw Params.invalid("RANGE_TOO_LARGE", "to", "from..to spans " + Duration.ofMillis(t - f)
                    + "; at most " + maxRange + " of trades per request: narrow the range and page");
        }
        int n = Params.intInRange("limit", limit, 1, maxLimit, defaultLimit);
        return new TradeQuery(instrument, f, t, n);
    }

    /**
     * The window at {@code now}; for "latest" requests, {@code lookback} bounds how far back trades are searched.
     */
    public SeriesRange range(long now, Duration maxRange, Duration lookback) {
        long end = to == null ? now + 1 : Math.min(to, now + 1);
        if (from != null) {
            long windowEnd = Math.min(end, from + maxRange.toMillis());
            return new SeriesRange(from, Math.max(from, windowEnd), limit, false);
        }
        return new SeriesRange(end - lookback.toMillis(), end, limit, true);
    }
}
