package org.marketcache.warm;

import java.util.List;

/**
 * What one warm-up run did, as the API answers it and the log reports it.
 *
 * @param runId          random id of the run (also its lease token and the log's key)
 * @param trigger        {@code on-demand}, {@code cron} or {@code ping}
 * @param outcome        {@code completed}; {@code partial} (something failed, or the run timed out or lost its
 *                       lease); {@code busy} (another run holds the lease: nothing was done)
 * @param keys           keys considered (after removing duplicates and the {@code max-keys} cap)
 * @param warmed         keys written to L2 by this run: loaded because L2 lacked them, or refreshed ahead
 * @param refreshedAhead of {@code warmed}, keys that L2 held but that were about to expire
 * @param alreadyFresh   keys L2 already held with enough life left: nothing done
 * @param skipped        keys not warmed without an error: unknown instrument, no data in the database, an
 *                       invalidation won the race, over {@code max-keys}, past the run's deadline
 * @param failed         keys whose L2 read, database query or L2 write failed
 * @param databaseQueries database queries the run started (one per instrument and cache with work to do)
 * @param tookMillis     wall time of the run
 * @param problems       the first few reasons for skipped and failed keys
 */
public record WarmupSummary(String runId, String trigger, String outcome, int keys, int warmed, int refreshedAhead,
        int alreadyFresh, int skipped, int failed, int databaseQueries, long tookMillis, List<String> problems) {

    public static final String COMPLETED = "completed";
    public static final String PARTIAL = "partial";
    public static final String BUSY = "busy";
}
