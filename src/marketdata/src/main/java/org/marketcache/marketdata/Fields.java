package org.marketcache.marketdata;

import java.math.BigDecimal;

import org.marketcache.core.InvalidInputException;

/**
 * Checks applied where a market-data value enters the system. Every failure names the field, the rule and the
 * value, and carries a stable code ({@code INVALID_FIELD} unless the caller gives a more specific one).
 *
 * <p>Prices and amounts are {@link BigDecimal}s that must round-trip exactly through every tier: the binary codec
 * stores them as an unscaled {@code long} plus a scale, so more than 18 significant digits or a scale outside
 * 0..18 is rejected here rather than silently rounded later.
 */
public final class Fields {
    /** Largest scale (digits after the point) a price or amount may carry. */
    public static final int MAX_SCALE = 18;
    /** Largest number of significant digits: what an unscaled {@code long} always holds. */
    public static final int MAX_PRECISION = 18;

    private Fields() {
    }

    public static <T> T requireNonNull(String field, T value) {
        if (value == null) {
            throw invalid(field, field + " is required");
        }
        return value;
    }

    /** A price: present, strictly positive, exactly representable. */
    public static BigDecimal price(String field, BigDecimal value) {
        exact(field, value);
        if (value.signum() <= 0) {
            throw invalid(field, field + " must be greater than 0: " + value.toPlainString());
        }
        return value;
    }

    /** An amount or volume: present, zero or positive, exactly representable. */
    public static BigDecimal amount(String field, BigDecimal value) {
        exact(field, value);
        if (value.signum() < 0) {
            throw invalid(field, field + " must not be negative: " + value.toPlainString());
        }
        return value;
    }

    /**
     * Returns {@code value} if the binary codec can carry it exactly. A negative scale ({@code 1E+3}) is normalised
     * to scale 0, which keeps the numeric value and the plain text ({@code 1000}).
     */
    public static BigDecimal exact(String field, BigDecimal value) {
        requireNonNull(field, value);
        BigDecimal v = value.scale() < 0 ? value.setScale(0) : value;
        if (v.scale() > MAX_SCALE) {
            throw invalid(field, field + " has more than " + MAX_SCALE + " digits after the point: " + v.toPlainString());
        }
        if (v.precision() > MAX_PRECISION) {
            throw invalid(field, field + " has more than " + MAX_PRECISION + " significant digits: " + v.toPlainString());
        }
        return v;
    }

    public static long epochMillis(String field, long value) {
        // 1970..2100: anything outside is a unit mistake (seconds or micros), not a market event.
        if (value < 0 || value > 4_102_444_800_000L) {
            throw invalid(field, field + " must be epoch milliseconds between 1970 and 2100: " + value);
        }
        return value;
    }

    public static InvalidInputException invalid(String field, String message) {
        return new InvalidInputException("INVALID_FIELD", field, message);
    }
}
