package org.marketcache.marketdata.query;

import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;

/**
 * A validated candle request. Without {@code from} it asks for the latest {@code limit} candles before {@code to}
 * (default: including the live candle); with {@code from} it asks for the first {@code limit} candles from there.
 * A {@code from..to} range without a limit may not cover more than {@code maxLimit} candles.
 */
public record CandleQuery(Instrument instrument, Timeframe timeframe, Long from, Long to, int limit) {

    public static CandleQuery parse(String exchange, String symbol, String timeframe, String from, String to,
            String limit, int defaultLimit, int maxLimit) {
        Instrument instrument = Instrument.of(exchange, symbol);
        Timeframe tf = Timeframe.parse(timeframe == null || timeframe.isBlank() ? "1m" : timeframe);
        Long f = Params.time("from", from);
        Long t = Params.time("to", to);
        if (f != null && t != null && f >= t) {
            throw Params.invalid("INVALID_RANGE", "from", "from must be before to: from " + f + " >= to " + t);
        }
        boolean limitGiven = limit != null && !limit.isBlank();
        int n = Params.intInRange("limit", limit, 1, maxLimit, defaultLimit);
        if (f != null && t != null && !limitGiven) {
            long span = (t - f + tf.millis() - 1) / tf.millis();
            if (span > maxLimit) {
                throw Params.invalid("RANGE_TOO_LARGE", "to", "from..to covers " + span + " " + tf + " candles; at"
                        + " most " + maxLimit + " per request: narrow the range or give a limit and page");
            }
            n = (int) span;
        }
        return new CandleQuery(instrument, tf, f, t, n);
    }

    /** The window at time {@code now}: never past the end of the live candle. */
    public SeriesRange range(long now) {
        long tfMs = timeframe.millis();
        long liveEnd = timeframe.align(now) + tfMs;
        long end = to == null ? liveEnd : Math.min(to, liveEnd);
        if (from != null) {
            long start = ceil(from, tfMs);
            long windowEnd = Math.min(end, start + (long) limit * tfMs);
            return new SeriesRange(start, Math.max(start, windowEnd), limit, false);
        }
        long lastOpen = timeframe.align(end - 1);
        long start = lastOpen - (long) (limit - 1) * tfMs;
        return new SeriesRange(start, end, limit, true);
    }

    private static long ceil(long t, long step) {
        return Math.floorDiv(t + step - 1, step) * step;
    }
}
