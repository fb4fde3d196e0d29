package org.marketcache.store;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of the database tier ({@code marketcache.l3.*}). All are read at start-up (restart-only); the datasource
 * itself is configured with Quarkus' own {@code quarkus.datasource.*} keys. The rules are in {@link L3ConfigCheck}.
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
}
