package org.marketcache.core;

/** The request was well formed but names something this system does not know (an exchange, a symbol). */
public class NotFoundException extends MarketCacheException {
    private final String field;

    public NotFoundException(String code, String field, String message) {
        super(code, message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
