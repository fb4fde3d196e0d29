package org.marketcache.runtime.events;

import org.marketcache.core.MarketCacheException;

/**
 * A cache event whose fields cannot be read: names the field, the rule it breaks and the value found. Such an event
 * is logged, counted ({@code cache.events.malformed}) and skipped.
 */
public final class MalformedEventException extends MarketCacheException {
    private final String field;
    private final String value;

    public MalformedEventException(String field, String rule, String value) {
        this(field, rule, value, null);
    }

    public MalformedEventException(String field, String rule, String value, Throwable cause) {
        super("MALFORMED_EVENT", "cache event field '" + field + "' " + rule + ": " + quote(value), cause);
        this.field = field;
        this.value = value;
    }

    /** The event field at fault, as written in the stream ({@code type}, {@code cache}, ...). */
    public String field() {
        return field;
    }

    /** The value found ({@code null}: the field was missing). */
    public String value() {
        return value;
    }

    private static String quote(String s) {
        if (s == null) {
            return "missing";
        }
        return "'" + (s.length() > 64 ? s.substring(0, 64) + "…" : s) + "'";
    }
}
