package org.marketcache.core;

/**
 * A value that came from outside (a request, a record, a configuration key) broke a rule.
 *
 * <p>The message always names the field as the caller wrote it, the rule and the offending value, e.g.
 * {@code symbol must look like BASE/QUOTE: 'btcusdt'}; {@link #field()} carries the field name alone so that an
 * HTTP answer can point at it.
 */
public class InvalidInputException extends MarketCacheException {
    private final String field;

    public InvalidInputException(String code, String field, String message) {
        super(code, message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
