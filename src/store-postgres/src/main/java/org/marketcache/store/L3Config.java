package org.marketcache.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the database tier ({@code marketcache.l3.*}). All are read at start-up (restart-only); the datasource
 * itself is configured with Quarkus' own {@code quarkus.datasource.*} keys.
 */
@ConfigMapping(prefix = "marketcache.l3")
public interface L3Config {
    Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    /**
     * Storage layout chosen when the schema is first migrated: {@code auto} uses TimescaleDB when the
     * {@code timescaledb} extension is available and preloaded, {@code on} requires it (the migration fails
     * otherwise), {@code off} always uses plain PostgreSQL partitioning. Changing it later has no effect on an
     * existing database (see docs/storage.md).
     */
    @WithDefault("auto")
    Timescale timescale();

    /** Deadline of every read (candles, trades, tickers, order books, instrument look-ups). */
    @WithDefault("2s")
    Duration queryTimeout();

    /** Deadline of every ingest write (upserts and inserts, including partition creation). */
    @WithDefault("10s")
    Duration writeTimeout();

    /** Most ranges one candle or trade query may carry; more is a caller bug (ranges should be merged). */
    @WithDefault("512")
    int maxRangesPerQuery();

    /** Rows per INSERT statement on the ingest path; larger batches are split into several statements. */
    @WithDefault("5000")
    int writeBatchSize();

    enum Timescale {
        AUTO, ON, OFF;

        /** The value as written in config and passed to the migrations. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Every rule this configuration breaks, each naming the key, the rule, the value and the fix. */
    static List<String> problems(L3Config config) {
        List<String> problems = new ArrayList<>();
        checkTimeout(problems, "marketcache.l3.query-timeout", config.queryTimeout(), "2s");
        checkTimeout(problems, "marketcache.l3.write-timeout", config.writeTimeout(), "10s");
        if (config.maxRangesPerQuery() < 1 || config.maxRangesPerQuery() > 10_000) {
            problems.add("marketcache.l3.max-ranges-per-query must be between 1 and 10000: "
                    + config.maxRangesPerQuery() + " (default 512)");
        }
        if (config.writeBatchSize() < 1 || config.writeBatchSize() > 50_000) {
            problems.add("marketcache.l3.write-batch-size must be between 1 and 50000: " + config.writeBatchSize()
                    + " (default 5000)");
        }
        return problems;
    }

    private static void checkTimeout(List<String> problems, String key, Duration value, String example) {
        if (value.isNegative() || value.isZero()) {
            problems.add(key + " must be positive: " + value.toMillis() + "ms (use a duration such as " + example
                    + ")");
        } else if (value.compareTo(MAX_TIMEOUT) > 0) {
            problems.add(key + " must be at most 10m: " + value.toMillis() + "ms (a caller waiting longer than that"
                    + " is better served by failing over)");
        } else if (value.toMillis() == 0) {
            problems.add(key + " must be at least 1ms: " + value + " (use a duration such as " + example + ")");
        }
    }
}
