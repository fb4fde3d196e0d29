package org.marketcache.bench.load;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;

/**
 * Durations on the command line: {@code 250ms}, {@code 5s}, {@code 2m30s}, {@code 1h}, i.e. whole numbers with the
 * units {@code h}, {@code m}, {@code s}, {@code ms}, largest first, each at most once; or ISO-8601 as
 * {@link Duration#parse} reads it ({@code PT5S}). Registered for every {@link Duration} option of {@link Bench}, so
 * picocli reports a bad value with the option's name: {@code Invalid value for option '--warmup': ...}.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    static final String EXAMPLES = "250ms, 5s, 2m30s, 1h or PT5S";
    private static final Pattern UNITS = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");

    @Override
    public Duration convert(String value) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    /** The duration {@code text} says; an {@link IllegalArgumentException} naming the value when it says none. */
    static Duration parse(String text) {
        String v = text == null ? "" : text.trim();
        Duration d;
        try {
            d = v.startsWith("P") || v.startsWith("p") ? Duration.parse(v) : units(v);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            d = null;
        }
        if (d == null) {
            throw new IllegalArgumentException("must be a duration such as " + EXAMPLES + ": '" + text + "'");
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("must not be negative: '" + text + "'");
        }
        return d;
    }

    /** Null when {@code v} is not of the {@code 1h2m3s4ms} form. */
    private static Duration units(String v) {
        Matcher m = UNITS.matcher(v);
        if (v.isEmpty() || !m.matches()) {
            return null;
        }
        return Duration.ofHours(number(m.group(1))).plusMinutes(number(m.group(2))).plusSeconds(number(m.group(3)))
                .plusMillis(number(m.group(4)));
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
