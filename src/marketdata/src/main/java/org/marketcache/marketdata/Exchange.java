package org.marketcache.marketdata;

import java.util.regex.Pattern;

import org.marketcache.core.InvalidInputException;

/**
 * A venue such as {@code binance}, {@code okx} or {@code huobi}. Any venue is accepted; its id is normalised to
 * lower case and restricted to letters, digits, {@code _} and {@code -} so it can appear in URLs, Redis keys and
 * metric-free logs without escaping.
 */
public record Exchange(String id) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    public Exchange {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidInputException("INVALID_EXCHANGE", "exchange",
                    "exchange must be 1-32 letters, digits, '_' or '-' starting with a letter or digit: "
                            + quote(id));
        }
    }

    /** Parses user input: trims and lower-cases before validating. */
    public static Exchange of(String raw) {
        return new Exchange(raw == null ? null : raw.trim().toLowerCase(java.util.Locale.ROOT));
    }

    static String quote(String s) {
        return s == null ? "null" : "'" + (s.length() > 64 ? s.substring(0, 64) + "…" : s) + "'";
    }

    @Override
    public String toString() {
        return id;
    }
}
