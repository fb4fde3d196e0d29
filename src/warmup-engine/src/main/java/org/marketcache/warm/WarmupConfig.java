package org.marketcache.warm;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * The warm-up run and the start-up warm of a new pod ({@code marketcache.warmup.*}); defaults and one line per key
 * are in the reference file {@code META-INF/microprofile-config.properties}, checked at start by
 * {@link WarmupConfigCheck}.
 */
@ConfigMapping(prefix = "marketcache.warmup")
public interface WarmupConfig {

    /** Quartz cron of the in-process schedule of the warmup function, or {@code off}. */
    String cron();

    /** Keys taken from the top of the hot ranking by a run. */
    @WithName("top-n")
    int topN();

    /** Instruments always warmed ({@code exchange:BASE/QUOTE}): latest candles of every timeframe, ticker, book. */
    Optional<List<String>> critical();

    /** Keys whose L2 entry expires within this window (or is past its refresh time) are reloaded. */
    @WithName("refresh-ahead")
    Duration refreshAhead();

    /** Database queries a run may start per second. */
    @WithName("max-queries-per-second")
    int maxQueriesPerSecond();

    /** Database queries a run keeps in flight at once. */
    int concurrency();

    /** Most targets in one explicit warm-up request. */
    @WithName("max-targets")
    int maxTargets();

    /** Most keys one run warms (explicit or hot). */
    @WithName("max-keys")
    int maxKeys();

    /** Lifetime of the run lease in Redis; renewed every third of it while the run goes on. */
    @WithName("lease-ttl")
    Duration leaseTtl();

    /** Longest a run goes on; what is left then is skipped and the run reports {@code partial}. */
    @WithName("run-timeout")
    Duration runTimeout();

    @WithName("on-start")
    OnStart onStart();

    /** A new pod filling its L1 from L2 before it reports ready. */
    interface OnStart {
        boolean enabled();

        /** Keys taken from the top of the hot ranking (plus the critical set). */
        @WithName("top-n")
        int topN();

        /** How long readiness waits for the warm; past it the pod reports ready with {@code warm=false}. */
        Duration timeout();
    }
}
