package org.marketcache.marketdata.query;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.marketcache.core.InvalidInputException;

/**
 * Parsing of query parameters as a client writes them. Every failure is a 400 that names the parameter, the rule and
 * the value; nothing here trusts the input's length or alphabet.
 */
public final class Params {
    private Params() {
    }

    /**
     * A point in time: epoch milliseconds ({@code 1764471600000}) or ISO-8601 ({@code 2026-11-30T03:00:00Z},
     * {@code 2026-11-30T11:00:00+08:00}). {@code null} or blank means "not given".
     */
    public static Long time(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.trim();
        if (s.length() <= 15 && s.chars().allMatch(Character::isDigit)) {
            long v = Long.parseLong(s);
            if (v > 4_102_444_800_000L) {
                throw invalid("INVALID_TIME", field, field + " must be epoch milliseconds before 2100 or ISO-8601: "
                        + quote(raw));
            }
            return v;
        }
        if (s.length() <= 40) {
            try {
                return Instant.parse(s).toEpochMilli();
            } catch (DateTimeException e) {
                try {
                    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
                } catch (DateTimeException e2) {
                    // fall through to the error below
                }
            }
        }
        throw invalid("INVALID_TIME", field, field + " must be an ISO-8601 instant (2026-11-30T03:00:00Z) or epoch"
                + " milliseconds: " + quote(raw));
    }

    /** An integer in {@code [min, max]}, or {@code fallback} when not given. */
    public static int intInRange(String field, String raw, int min, int max, int fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        String s = raw.trim();
        int v;
        try {
            v = s.length() > 10 ? Integer.MAX_VALUE : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw invalid("INVALID_" + field.toUpperCase(java.util.Locale.ROOT), field, field
                    + " must be a whole number between " + min + " and " + max + ": " + quote(raw));
        }
        if (v < min || v > max) {
            throw invalid("INVALID_" + field.toUpperCase(java.util.Locale.ROOT), field, field + " must be between "
                    + min + " and " + max + ": " + quote(raw));
        }
        return v;
    }

    static InvalidInputException invalid(String code, String field, String message) {
        return new InvalidInputException(code, field, message);
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String shown = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return "'" + shown.replaceAll("[\\p{Cntrl}]", "?") + "'";
    }
}
