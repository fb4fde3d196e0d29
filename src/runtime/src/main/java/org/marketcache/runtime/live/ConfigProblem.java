package org.marketcache.runtime.live;

/**
 * One broken rule of a live-configuration document, as data: the key as written in configuration
 * ({@code marketcache.caches."tickers".l1.ttl}), the rule it breaks ({@code must be a positive duration}), the value
 * as given, and the fix. The admin API answers a list of these; {@link #message()} is the one-line form of
 * {@code ConfigValidation}'s start-up messages.
 */
public record ConfigProblem(String key, String rule, String value, String fix) {

    /** {@code key rule: value (fix: ...)}, e.g. {@code marketcache.redis.timeout must be a positive duration: 0s}. */
    public String message() {
        return key + " " + rule + ": " + value + (fix == null || fix.isEmpty() ? "" : " (fix: " + fix + ")");
    }
}
