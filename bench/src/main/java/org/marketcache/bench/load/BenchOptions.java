package org.marketcache.bench.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import picocli.CommandLine.Option;

/**
 * Every option of {@link Bench} with its default, grouped by the phase that reads it. {@code bench/run-comparison.sh}
 * passes most of them. Durations are written {@code 250ms}, {@code 5s}, {@code 2m30s}, {@code 1h} or {@code PT5S}
 * ({@link DurationConverter}).
 */
final class BenchOptions {

    // ------------------------------------------------------------------------------------- servers, plan, output

    @Option(names = "--read", defaultValue = "http://127.0.0.1:18080", description = "The read function (pod A).")
    URI read;

    @Option(names = "--read-b", defaultValue = "",
            description = "A second read function on pod A's Redis (pod B); without it the l2 phase only says so.")
    String readB;

    @Option(names = "--bench", defaultValue = "http://127.0.0.1:18081",
            description = "The bench app: the alternatives, the constant endpoint and the ingest stub.")
    URI bench;

    @Option(names = "--pg", defaultValue = "jdbc:postgresql://127.0.0.1:5432/postgres",
            description = "JDBC URL of the PostgreSQL server, for pg_stat_database.")
    String pg;

    @Option(names = "--db", defaultValue = "mcbench", description = "The benchmark database, whose transactions count.")
    String db;

    @Option(names = "--out", defaultValue = "bench/results/manual",
            description = "Directory for report.md and the *.hlog HdrHistogram logs.")
    Path out;

    @Option(names = "--plan", split = ",", defaultValue = "all",
            description = "all, or a comma-separated list of ceiling, comparison, sustained, l2, ingest.")
    List<String> plan;

    // ------------------------------------------------------------------------------------------ data and workload

    @Option(names = "--exchanges", split = ",", defaultValue = "binance,okx,huobi",
            description = "The demo market's exchanges, most popular first.")
    List<String> exchanges;

    @Option(names = "--symbols", defaultValue = "50", description = "Symbols per exchange.")
    int symbols;

    @Option(names = "--days", defaultValue = "7", description = "Days of seeded 1m candles.")
    int days;

    @Option(names = "--trade-hours", defaultValue = "2", description = "Hours of seeded trades.")
    int tradeHours;

    @Option(names = "--mix", defaultValue = "60:20:15:5:0.8",
            description = "candles:tickers:orderbooks:trades:recent share of the Zipf workload.")
    Workload.Mix mix;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the request sequence.")
    long seed;

    // ------------------------------------------------------------------------------------------------- generator

    @Option(names = "--connections", defaultValue = "64", description = "Connections of open-model runs.")
    int connections;

    @Option(names = "--closed-connections", defaultValue = "32",
            description = "Connections of closed-model runs (ceilings, warm-ups, saturation).")
    int closedConnections;

    @Option(names = "--max-inflight", defaultValue = "2048",
            description = "Outstanding requests beyond which an open-model request is shed.")
    int maxInflight;

    // --------------------------------------------------------------------------------------------------- ceiling

    @Option(names = "--ceiling-duration", defaultValue = "20s", description = "Measured part of each ceiling run.")
    Duration ceilingDuration;

    @Option(names = "--ceiling-warmup", defaultValue = "5s", description = "Unrecorded start of each ceiling run.")
    Duration ceilingWarmup;

    @Option(names = "--ceiling-rounds", defaultValue = "3", description = "Rounds of constant bytes and L1 hit.")
    int ceilingRounds;

    // ------------------------------------------------------------------------------------------------ comparison

    @Option(names = "--impls", split = ",", defaultValue = "f,l3,caffeine,redis,redisson,jetcache",
            description = "Implementations compared: f (the read function), l3, caffeine, redis, redisson, jetcache.")
    List<String> impls;

    @Option(names = "--rate", defaultValue = "5000", description = "Requests/s offered in the comparison.")
    double rate;

    @Option(names = "--warmup", defaultValue = "20s", description = "Closed-model warm-up of each implementation.")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "30s", description = "Measured open-model part per implementation.")
    Duration duration;

    @Option(names = "--saturation", defaultValue = "20s", description = "Closed-model saturation run per implementation.")
    Duration saturation;

    // ------------------------------------------------------------------------------------------------- sustained

    @Option(names = "--sustained-rate", defaultValue = "10000",
            description = "Requests/s offered in the sustained run (and the L1 hit's open-model check).")
    double sustainedRate;

    @Option(names = "--sustained-minutes", defaultValue = "5", description = "Length of the sustained run.")
    long sustainedMinutes;

    @Option(names = "--sustained-interval", defaultValue = "60s", description = "One report row per interval.")
    Duration sustainedInterval;

    @Option(names = "--sustained-warmup", defaultValue = "20s", description = "Unrecorded start of the sustained run.")
    Duration sustainedWarmup;

    @Option(names = "--moderate-rate", defaultValue = "3000",
            description = "Requests/s of the run below saturation that follows the sustained run.")
    double moderateRate;

    @Option(names = "--moderate-duration", defaultValue = "30s", description = "Length of that run.")
    Duration moderateDuration;

    // ------------------------------------------------------------------------------------------------ l2 (pod B)

    @Option(names = "--l2-rate", defaultValue = "500", description = "Requests/s with which pod A fills L2.")
    double l2Rate;

    @Option(names = "--l2-warmup", defaultValue = "30s", description = "How long pod A fills L2.")
    Duration l2Warmup;

    @Option(names = "--l2-duration", defaultValue = "20s", description = "Measured closed-model run on pod B.")
    Duration l2Duration;

    @Option(names = "--l2-connections", defaultValue = "4", description = "Connections of the run on pod B.")
    int l2Connections;

    // ---------------------------------------------------------------------------------------------------- ingest

    @Option(names = "--ingest-url", defaultValue = "",
            description = "The ingest function's POST URL; without it the stream goes to the bench app's stub.")
    String ingestUrl;

    @Option(names = "--ingest-token", defaultValue = "bench", description = "Bearer token of the ingest stream.")
    String ingestToken;

    @Option(names = "--ingest-batches-per-second", defaultValue = "10", description = "Ingest batches per second.")
    double ingestBatchesPerSecond;

    @Option(names = "--ingest-read-rate", defaultValue = "5000", description = "Requests/s of reads during ingest.")
    double ingestReadRate;

    @Option(names = "--ingest-duration", defaultValue = "60s", description = "Measured reads during ingest.")
    Duration ingestDuration;

    // ----------------------------------------------------------------------------------- written into the report

    @Option(names = "--seeded-by", defaultValue = "?", description = "Who seeded the data (report only).")
    String seededBy;

    @Option(names = "--server-flags", defaultValue = "", description = "The servers' JVM flags (report only).")
    String serverFlags;

    @Option(names = "--command", description = "The command to show in the report (default: this one's arguments).")
    String command;
}
