package org.marketcache.marketdata;

import java.math.BigDecimal;

/**
 * One OHLCV bar. {@code openTime} is epoch milliseconds at the start of the interval; {@code closed} is false only
 * for the bar still being traded (the "live" candle), which is the one value in a candle series that can change.
 */
public record Candle(long openTime, BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close,
        BigDecimal volume, boolean closed) {

    public Candle {
        Fields.epochMillis("openTime", openTime);
        open = Fields.price("open", open);
        high = Fields.price("high", high);
        low = Fields.price("low", low);
        close = Fields.price("close", close);
        volume = Fields.amount("volume", volume);
        if (high.compareTo(low) < 0) {
            throw Fields.invalid("high", "high must not be below low: high " + high.toPlainString() + " < low "
                    + low.toPlainString());
        }
        if (high.compareTo(open) < 0 || high.compareTo(close) < 0) {
            throw Fields.invalid("high", "high must be at least open and close: " + high.toPlainString());
        }
        if (low.compareTo(open) > 0 || low.compareTo(close) > 0) {
            throw Fields.invalid("low", "low must be at most open and close: " + low.toPlainString());
        }
    }

    /** Checks that the open time sits on a boundary of {@code timeframe}. */
    public Candle requireAligned(Timeframe timeframe) {
        if (!timeframe.isAligned(openTime)) {
            throw Fields.invalid("openTime", "openTime must be aligned to " + timeframe + " (a multiple of "
                    + timeframe.millis() + " ms): " + openTime);
        }
        return this;
    }
}
