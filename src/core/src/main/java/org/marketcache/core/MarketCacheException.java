package org.marketcache.core;

/**
 * The one unchecked root of every failure this project raises on purpose.
 *
 * <p>Callers catch this type (or a subtype) instead of guessing at library exceptions; the HTTP layer maps each
 * subtype to one status code and a stable {@link #code()} so clients can branch on it without parsing messages.
 */
public class MarketCacheException extends RuntimeException {
    private final String code;

    public MarketCacheException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public MarketCacheException(String code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    /** A stable, upper-case machine code such as {@code INVALID_SYMBOL} or {@code L2_TIMEOUT}. */
    public String code() {
        return code;
    }
}
