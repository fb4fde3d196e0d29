package org.marketcache.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import io.vertx.sqlclient.data.Numeric;

/**
 * PostgreSQL array literals, and the conversions of column values back to Java.
 *
 * <p>Why text: the bulk statements pass a whole batch as one array per column ({@code unnest}), so one statement
 * writes thousands of rows. Binding typed Java arrays through Hibernate Reactive and the Vert.x client depends on
 * per-type support (and {@code numeric[]} binding is where scales get lost); a text parameter cast in SQL
 * ({@code cast(cast(:p as text) as numeric[])}) is exact for every type, and {@code BigDecimal.toPlainString()}
 * is exactly what {@code numeric} parses back with the same scale.
 */
final class SqlArrays {
    private SqlArrays() {
    }

    static <T> String literal(List<T> values, Function<T, String> element) {
        StringBuilder sb = new StringBuilder(values.size() * 12 + 2).append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(element.apply(values.get(i)));
        }
        return sb.append('}').toString();
    }

    /** ISO-8601 instant in UTC ({@code 2026-03-14T13:37:00.123Z}); PostgreSQL reads it as timestamptz. */
    static String timestamp(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    /** Instants for a parameter list of {@code timestamptz} (the Vert.x client encodes OffsetDateTime exactly). */
    static <T> List<OffsetDateTime> instants(List<T> values, ToLongFunction<T> epochMillis) {
        List<OffsetDateTime> out = new ArrayList<>(values.size());
        for (T value : values) {
            out.add(OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis.applyAsLong(value)), ZoneOffset.UTC));
        }
        return out;
    }

    static String decimal(BigDecimal value) {
        return value.toPlainString();
    }

    /** A quoted array element: safe for any text, and for nested array literals. */
    static String quoted(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    /**
     * Parses the text form of a one-dimensional {@code numeric[]} ({@code {1.50,0.00000001}}; PostgreSQL never
     * writes exponents or quotes for numerics) into exact values.
     */
    static List<BigDecimal> decimals(String literal) {
        if (literal == null || literal.length() < 2 || literal.charAt(0) != '{'
                || literal.charAt(literal.length() - 1) != '}') {
            throw new IllegalStateException("expected a numeric[] literal, got " + literal);
        }
        if (literal.length() == 2) {
            return List.of();
        }
        String[] parts = literal.substring(1, literal.length() - 1).split(",", -1);
        List<BigDecimal> out = new ArrayList<>(parts.length);
        for (String part : parts) {
            if (part.equals("NULL")) {
                throw new IllegalStateException("numeric[] literal holds a NULL element: " + literal);
            }
            out.add(new BigDecimal(part));
        }
        return out;
    }

    static BigDecimal toDecimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Numeric n) {
            return n.bigDecimalValue();
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        throw new IllegalStateException("expected a numeric column, got " + (value == null ? "null"
                : value.getClass().getName()));
    }

    static long toLong(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalStateException("expected a bigint column, got " + (value == null ? "null"
                : value.getClass().getName()));
    }
}
