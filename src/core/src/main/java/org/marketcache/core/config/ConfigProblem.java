package org.marketcache.core.config;

import java.util.Objects;

/**
 * One rule a configuration breaks, kept as data so that a start-up check and a check of a proposed document report
 * the same thing: the key as written in config, the rule it breaks, the value it has and, when there is one, the fix.
 * {@link #message()} renders the form every module uses:
 * {@code marketcache.warmup.top-n must be between 0 and 500: 900 (at most marketcache.warmup.max-keys)}.
 *
 * @param key the key as written in config, e.g. {@code marketcache.l3.query-timeout}
 * @param rule what the value must satisfy, starting with the verb: {@code must be between 1 and 10000}
 * @param value the offending value as it reads, or null when the rule is about the key's absence or emptiness
 * @param fix how to put it right (an example or a default), or null when the rule says it
 */
public record ConfigProblem(String key, String rule, String value, String fix) {

    public ConfigProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(rule, "rule");
    }

    /** {@code key rule: value (fix)}, leaving out the parts that are null. */
    public String message() {
        StringBuilder m = new StringBuilder(key).append(' ').append(rule);
        if (value != null) {
            m.append(": ").append(value);
        }
        if (fix != null) {
            m.append(" (").append(fix).append(')');
        }
        return m.toString();
    }

    @Override
    public String toString() {
        return message();
    }
}
