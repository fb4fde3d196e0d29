package org.marketcache.bench.load;

import static org.marketcache.bench.load.MarkdownTable.Column.numeric;
import static org.marketcache.bench.load.MarkdownTable.Column.text;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/** How the report writes a figure: significant digits that fit its size, and a dash for what was not measured. */
final class Figures {
    private Figures() {
    }

    /** 1,234 / 12.3 / 1.23 / 0.123; {@code -} for null, NaN and infinities. */
    static String number(Double v) {
        if (v == null || Double.isNaN(v) || Double.isInfinite(v)) {
            return "-";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }

    /** A share (0..1) as a percentage with one decimal. */
    static String percent(double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    static String megabytes(double bytes) {
        return Double.isNaN(bytes) || bytes <= 0 ? "-" : String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }

    /** The latency at {@code percentile} of a histogram of microseconds, in milliseconds. */
    static String millis(Histogram h, double percentile) {
        return number(Stats.Snapshot.ms(h, percentile));
    }

    /** A latency row: the {@code leading} cells, then P50 | P95 | P99 | P99.9 (ms) of {@code h}. */
    static Object[] withPercentiles(Histogram h, Object... leading) {
        Object[] row = Arrays.copyOf(leading, leading.length + 4);
        row[leading.length] = millis(h, 50);
        row[leading.length + 1] = millis(h, 95);
        row[leading.length + 2] = millis(h, 99);
        row[leading.length + 3] = millis(h, 99.9);
        return row;
    }

    /** One row per answering tier: {@code column} | requests | P50 | P95 | P99 | P99.9 (ms). */
    static MarkdownTable latencyByTier(String column, Map<String, Histogram> byTier) {
        MarkdownTable table = new MarkdownTable(text(column), numeric("requests"), numeric("P50 ms"),
                numeric("P95 ms"), numeric("P99 ms"), numeric("P99.9 ms"));
        byTier.forEach((tier, h) -> table.add(withPercentiles(h, tier, h.getTotalCount())));
        return table;
    }
}
