package org.marketcache.marketdata;

import java.util.Locale;

/** The aggressor side of a trade. */
public enum Side {
    BUY, SELL;

    public String label() {
        return this == BUY ? "buy" : "sell";
    }

    public static Side parse(String field, String raw) {
        if (raw != null) {
            switch (raw.trim().toLowerCase(Locale.ROOT)) {
                case "buy":
                    return BUY;
                case "sell":
                    return SELL;
                default:
                    break;
            }
        }
        throw Fields.invalid(field, field + " must be 'buy' or 'sell': " + Exchange.quote(raw));
    }
}
