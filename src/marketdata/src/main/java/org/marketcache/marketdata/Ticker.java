package org.marketcache.marketdata;

import java.math.BigDecimal;

/** A price snapshot of one instrument: best bid and ask, last trade price and rolling 24-hour volume. */
public record Ticker(long time, BigDecimal bid, BigDecimal ask, BigDecimal last, BigDecimal volume24h) {

    public Ticker {
        Fields.epochMillis("time", time);
        bid = Fields.price("bid", bid);
        ask = Fields.price("ask", ask);
        last = Fields.price("last", last);
        volume24h = Fields.amount("volume24h", volume24h);
        if (bid.compareTo(ask) > 0) {
            throw Fields.invalid("bid", "bid must not be above ask: bid " + bid.toPlainString() + " > ask "
                    + ask.toPlainString());
        }
    }
}
