package org.marketcache.warm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.engine.Delayer;
import org.marketcache.core.InvalidInputException;
import org.marketcache.core.tier.RemoteTier.RemoteRead;
import org.marketcache.core.engine.CacheWarming;
import org.marketcache.core.engine.Completions;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.core.TimeSource;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.marketdata.cache.SnapshotKey;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.instruments.InstrumentRegistry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;

/**
 * One warm-up run: puts into L2 what the next requests will ask for, before they ask.
 *
 * <p>Design note, in the order a run flows:
 * <ol>
 *   <li><b>Plan.</b> An explicit request's keys are built (and checked: a bad value is a 400) before anything
 *       else. Otherwise: the critical set, then the top {@code top-n} of the hot ranking with the heads of its
 *       candle series ({@link WarmupTargets}); duplicates removed, capped at {@code max-keys}.</li>
 *   <li><b>Lease.</b> {@link WarmupLease}: if another run (this pod or another) holds it, this one answers
 *       {@code busy} and does nothing, so concurrent triggers do the work once. The lease is renewed every third
 *       of its TTL; a run that loses it stops taking new work.</li>
 *   <li><b>Instruments.</b> Keys of instruments the registry does not know are skipped (after one reload of the
 *       registry, which is one query): warm-up never asks the database for junk.</li>
 *   <li><b>Classify</b> with one L2 read per cache: a key whose entry has more than {@code refresh-ahead} of life
 *       left and is not past its refresh time is <em>already fresh</em> and costs nothing more; one that is
 *       close to expiry is <em>refreshed ahead</em>; one L2 lacks is <em>loaded</em>.</li>
 *   <li><b>Load</b> what needs it in batches of one cache and one instrument, each exactly one database query,
 *       through {@link CacheWarming#refill}: conditional L2 writes (an invalidation during the load wins), awaited,
 *       so the counts say what reached L2; a batch that fails is queued once more before it counts as failed.
 *       Queries start no faster than {@code max-queries-per-second} ({@link QueryPacer}, the permit taken right
 *       before the query) with at most {@code concurrency} batches in flight, and none starts past
 *       {@code run-timeout}. Running the same plan again finds everything fresh: a run is idempotent.</li>
 * </ol>
 * Progress is logged every few seconds and published as {@code cache.warmup.*} meters.
 */
@ApplicationScoped
public class Warmer {
    private static final Logger LOG = Logger.getLogger(Warmer.class);
    private static final long PROGRESS_MILLIS = 5_000;
    private static final int MAX_PROBLEMS = 10;

    /** What started a run; the value is the {@code trigger} tag and the summary's field. */
    public enum Trigger {
        ON_DEMAND("on-demand"), CRON("cron"), PING("ping");

        private final String label;

        Trigger(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    @Inject
    CacheTiers tiers;
    @Inject
    WarmupTargets targets;
    @Inject
    HotKeyRanking ranking;
    @Inject
    WarmupLease lease;
    @Inject
    WarmupConfig config;
    @Inject
    TimeSource time;
    @Inject
    Delayer delayer;
    @Inject
    InstrumentRegistry instruments;
    @Inject
    Vertx vertx;
    @Inject
    MeterRegistry registry;

    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger queries = new AtomicInteger();
    private volatile WarmupSummary last;

    @Inject
    void gauges(MeterRegistry registry) {
        Gauge.builder("cache.warmup.pending", pending, AtomicInteger::get)
                .description("Keys the running warm-up has still to do (0 when none runs)").register(registry);
    }

    /** The summary of the last run this pod finished, or null. */
    public WarmupSummary last() {
        return last;
    }

    /**
     * Runs a warm-up of {@code request}'s keys (the hot and critical set when it has none). A bad explicit request
     * fails at once with {@link InvalidInputException}; a run that finds the lease taken answers
     * {@link WarmupSummary#BUSY}.
     */
    public CompletionStage<WarmupSummary> run(Trigger trigger, WarmupRequest request) {
        long startNanos = System.nanoTime();
        long now = time.currentTimeMillis();
        List<CacheKey> explicit = null;
        if (request.explicit()) {
            explicit = targets.explicit(request, now);
            if (explicit.size() > config.maxKeys()) {
                throw new InvalidInputException("TOO_MANY_KEYS", "targets", "the targets cover " + explicit.size()
                        + " cache keys; at most " + config.maxKeys() + " per run (marketcache.warmup.max-keys):"
                        + " narrow the ranges or split the request");
            }
        }
        String runId = UUID.randomUUID().toString().substring(0, 8);
        List<CacheKey> given = explicit;
        return lease.tryAcquire(runId, config.leaseTtl()).thenCompose(acquired -> {
            if (!acquired) {
                return lease.holder().handle((h, err) -> {
                    String who = h == null ? "another run" : "run " + h.token() + " (" + h.remainingMillis()
                            + "ms of lease left)";
                    LOG.infof("warm-up %s (%s) not started: %s holds the warm-up lease", runId, trigger.label(), who);
                    WarmupSummary s = new WarmupSummary(runId, trigger.label(), WarmupSummary.BUSY, 0, 0, 0, 0, 0,
                            0, 0, elapsedMillis(startNanos), List.of(who + " holds the warm-up lease"));
                    record(trigger, s, startNanos);
                    return s;
                });
            }
            Run run = new Run(runId, trigger, startNanos);
            long renewEvery = Math.max(100, config.leaseTtl().toMillis() / 3);
            long renewTimer = vertx.setPeriodic(renewEvery, id -> run.renew());
            long progressTimer = vertx.setPeriodic(PROGRESS_MILLIS, id -> run.logProgress());
            return run.execute(given).whenComplete((s, err) -> {
                vertx.cancelTimer(renewTimer);
                vertx.cancelTimer(progressTimer);
                lease.release(runId);
                pending.set(0);
            });
        });
    }

    private void record(Trigger trigger, WarmupSummary s, long startNanos) {
        Timer.builder("cache.warmup.runs").tag("trigger", trigger.label()).tag("outcome", s.outcome())
                .description("Warm-up runs by what started them and how they ended").register(registry)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        last = s.outcome().equals(WarmupSummary.BUSY) ? last : s;
    }

    private Counter keys(String cache, String result) {
        return Counter.builder("cache.warmup.keys").tag("cache", cache).tag("tier", "l2").tag("result", result)
                .description("Keys handled by warm-up runs, by cache and result").register(registry);
    }

    static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Instrument of a market-data key, or null for a key of another kind. */
    static Instrument instrumentOf(CacheKey k) {
        if (k instanceof SeriesKey s) {
            return s.instrument();
        }
        if (k instanceof SnapshotKey s) {
            return s.instrument();
        }
        return null;
    }

    /** One batch: keys of one cache and one instrument, loaded by one database query; retried once. */
    private record Batch(TieredCache<CacheKey, Object> cache, List<CacheKey> keys, Set<CacheKey> refresh,
            int attempt) {
        Batch retry() {
            return new Batch(cache, keys, refresh, attempt + 1);
        }
    }

    /** The state of one run; touched from event-loop threads, hence the atomics. */
    private final class Run {
        final String id;
        final Trigger trigger;
        final long startNanos;
        final long deadlineNanos;
        final QueryPacer pacer = new QueryPacer(config.maxQueriesPerSecond(), delayer);
        final AtomicInteger warmed = new AtomicInteger();
        final AtomicInteger refreshed = new AtomicInteger();
        final AtomicInteger fresh = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();
        final List<String> problems = new ArrayList<>();
        final ConcurrentLinkedQueue<Batch> queue = new ConcurrentLinkedQueue<>();
        volatile int total;
        volatile boolean leaseLost;
        volatile boolean timedOut;

        Run(String id, Trigger trigger, long startNanos) {
            this.id = id;
            this.trigger = trigger;
            this.startNanos = startNanos;
            this.deadlineNanos = startNanos + config.runTimeout().toNanos();
        }

        void problem(String p) {
            synchronized (problems) {
                if (problems.size() < MAX_PROBLEMS) {
                    problems.add(p);
                }
            }
        }

        void renew() {
            lease.renew(id, config.leaseTtl()).whenComplete((ok, err) -> {
                if (err == null && !ok && !leaseLost) {
                    leaseLost = true;
                    LOG.warnf("warm-up %s lost its lease (expired or taken over): no new batches start", id);
                    problem("lease lost: the run stopped early");
                }
            });
        }

        void logProgress() {
            int done = warmed.get() + fresh.get() + skipped.get() + failed.get();
            LOG.infof("warm-up %s: %d/%d keys done (%d warmed, %d already fresh, %d skipped, %d failed), %d"
                    + " queries, %d ms", id, done, total, warmed.get(), fresh.get(), skipped.get(), failed.get(),
                    started.get(), elapsedMillis(startNanos));
        }

        CompletionStage<WarmupSummary> execute(List<CacheKey> explicit) {
            long now = time.currentTimeMillis();
            CompletionStage<List<CacheKey>> plan;
            if (explicit != null) {
                plan = CompletableFuture.completedFuture(explicit);
            } else {
                List<CacheKey> critical = targets.criticalKeys(now);
                plan = ranking.top(config.topN()).handle((ranked, err) -> {
                    Set<CacheKey> all = new LinkedHashSet<>(critical);
                    if (err != null) {
                        problem("hot ranking unreadable, warming the critical set only: "
                                + Completions.unwrap(err).getMessage());
                    } else {
                        WarmupTargets.Plan hot = targets.hot(ranked, now);
                        skipped.addAndGet(hot.skipped());
                        hot.problems().forEach(this::problem);
                        all.addAll(hot.keys());
                    }
                    List<CacheKey> list = new ArrayList<>(all);
                    if (list.size() > config.maxKeys()) {
                        int over = list.size() - config.maxKeys();
                        skipped.addAndGet(over);
                        problem(over + " keys over marketcache.warmup.max-keys (" + config.maxKeys() + ") skipped");
                        list = new ArrayList<>(list.subList(0, config.maxKeys()));
                    }
                    return list;
                });
            }
            return plan.thenCompose(this::knownOnly).thenCompose(this::classify).thenCompose(v -> load())
                    .handle((v, err) -> finish(err));
        }

        /** Drops keys of unknown instruments (after one registry reload if any is unknown). */
        CompletionStage<List<CacheKey>> knownOnly(List<CacheKey> keys) {
            total = keys.size() + skipped.get();
            pending.set(keys.size());
            LOG.infof("warm-up %s started (%s): %d keys", id, trigger.label(), keys.size());
            boolean anyUnknown = false;
            for (CacheKey k : keys) {
                Instrument i = instrumentOf(k);
                if (i == null || !instruments.isKnown(i)) {
                    anyUnknown = true;
                    break;
                }
            }
            CompletionStage<Void> reload = CompletableFuture.completedFuture(null);
            if (anyUnknown) {
                started.incrementAndGet();
                reload = pacer.acquire().thenCompose(v -> instruments.reload());
            }
            return reload.thenApply(v -> {
                List<CacheKey> known = new ArrayList<>(keys.size());
                Set<Instrument> reported = new HashSet<>();
                for (CacheKey k : keys) {
                    Instrument i = instrumentOf(k);
                    if (i != null && instruments.isKnown(i)) {
                        known.add(k);
                    } else {
                        skip(k, 1);
                        if (reported.add(i)) {
                            problem("unknown instrument " + i + ": its keys are skipped");
                        }
                    }
                }
                return known;
            });
        }

        void skip(CacheKey k, int n) {
            skipped.addAndGet(n);
            pending.addAndGet(-n);
            keys(k.cache(), "skipped").increment(n);
        }

        void fail(CacheKey k, int n) {
            failed.addAndGet(n);
            pending.addAndGet(-n);
            keys(k.cache(), "failed").increment(n);
        }

        /**
         * Reads L2 per cache, a few instruments at a time ({@link GroupChunks}); queues a batch per cache and
         * instrument with anything to do.
         */
        @SuppressWarnings({"unchecked", "rawtypes"})
        CompletionStage<Void> classify(List<CacheKey> keys) {
            Map<String, List<CacheKey>> byCache = new LinkedHashMap<>();
            for (CacheKey k : keys) {
                byCache.computeIfAbsent(k.cache(), c -> new ArrayList<>()).add(k);
            }
            List<List<CacheKey>> chunks = new ArrayList<>();
            Map<CacheKey, Integer> order = new HashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                order.put(keys.get(i), i);
            }
            List<Batch> batches = java.util.Collections.synchronizedList(new ArrayList<>());
            for (Map.Entry<String, List<CacheKey>> e : byCache.entrySet()) {
                TieredCache<CacheKey, Object> cache = (TieredCache) tiers.all().get(e.getKey());
                if (cache == null || !cache.view().hasL2()) {
                    e.getValue().forEach(k -> fail(k, 1));
                    problem("no L2 for cache " + e.getKey());
                    continue;
                }
                chunks.addAll(GroupChunks.of(e.getValue(), GroupChunks.GROUPS_PER_CHUNK));
            }
            return GroupChunks.sequentially(chunks, chunk -> {
                String name = chunk.get(0).cache();
                TieredCache<CacheKey, Object> cache = (TieredCache) tiers.all().get(name);
                return cache.view().readL2(chunk).handle((read, err) -> {
                    if (err != null) {
                        chunk.forEach(k -> fail(k, 1));
                        problem(name + ": L2 read failed: " + Completions.unwrap(err).getMessage());
                        return null;
                    }
                    batches.addAll(batchesOf(cache, chunk, read));
                    return null;
                });
            }).thenAccept(v -> {
                List<Batch> sorted = new ArrayList<>(batches);
                sorted.sort((a, b) -> Integer.compare(order.get(a.keys().get(0)), order.get(b.keys().get(0))));
                queue.addAll(sorted);
            });
        }

        List<Batch> batchesOf(TieredCache<CacheKey, Object> cache, List<CacheKey> keys, RemoteRead<CacheKey, Object> read) {
            long now = time.currentTimeMillis();
            long ahead = config.refreshAhead().toMillis();
            Map<String, List<CacheKey>> work = new LinkedHashMap<>();
            Set<CacheKey> refresh = new HashSet<>();
            int freshHere = 0;
            for (CacheKey k : keys) {
                CacheEntry<Object> e = read.entries().get(k);
                boolean usable = e != null && e.isUsable(now);
                if (usable && !e.needsRefresh(now) && e.expireAt() - now > ahead) {
                    freshHere++;
                    continue;
                }
                if (usable) {
                    refresh.add(k);
                }
                work.computeIfAbsent(k.group(), g -> new ArrayList<>()).add(k);
            }
            if (freshHere > 0) {
                fresh.addAndGet(freshHere);
                pending.addAndGet(-freshHere);
                keys(cache.name(), "fresh").increment(freshHere);
            }
            List<Batch> out = new ArrayList<>(work.size());
            for (List<CacheKey> group : work.values()) {
                Set<CacheKey> r = new HashSet<>();
                for (CacheKey k : group) {
                    if (refresh.contains(k)) {
                        r.add(k);
                    }
                }
                out.add(new Batch(cache, group, r, 0));
            }
            return out;
        }

        CompletionStage<Void> load() {
            int workers = Math.max(1, Math.min(config.concurrency(), queue.size()));
            CompletableFuture<?>[] all = new CompletableFuture<?>[workers];
            for (int i = 0; i < workers; i++) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                next(done);
                all[i] = done;
            }
            return CompletableFuture.allOf(all);
        }

        /**
         * A worker: takes the next batch, loads it (waiting for its slot), repeats. Loops while batches complete at
         * once (a refused call), so a long run of them cannot grow the stack.
         */
        void next(CompletableFuture<Void> done) {
            while (true) {
                Batch b;
                while ((b = queue.poll()) != null && stopped()) {
                    skip(b.keys().get(0), b.keys().size());
                }
                if (b == null) {
                    done.complete(null);
                    return;
                }
                CompletableFuture<Void> loading = loadBatch(b).toCompletableFuture();
                if (!loading.isDone()) {
                    loading.whenComplete((v, err) -> next(done));
                    return;
                }
            }
        }

        boolean stopped() {
            if (leaseLost) {
                return true;
            }
            if (!timedOut && System.nanoTime() > deadlineNanos) {
                timedOut = true;
                LOG.warnf("warm-up %s reached marketcache.warmup.run-timeout (%s): the rest is skipped", id,
                        config.runTimeout());
                problem("run-timeout (" + config.runTimeout() + ") reached: the rest was skipped");
            }
            return timedOut;
        }

        CompletionStage<Void> loadBatch(Batch b) {
            String cache = b.cache().name();
            // The permit is taken between refill's L2 read and its query, so the rate applies to the query.
            return b.cache().warming().refill(b.keys(), () -> pacer.acquire().thenRun(() -> {
                started.incrementAndGet();
                queries.incrementAndGet();
            })).handle((written, err) -> {
                if (err != null) {
                    String why = cache + " " + b.keys().get(0).group() + ": " + Completions.unwrap(err).getMessage();
                    if (b.attempt() == 0) {
                        // A busy Redis or database fails a call now and then: one more try, paced like the rest.
                        LOG.debugf("warm-up %s: retrying once after %s", id, why);
                        queue.add(b.retry());
                        return null;
                    }
                    fail(b.keys().get(0), b.keys().size());
                    problem(why + " (after a retry)");
                    return null;
                }
                int w = 0;
                int r = 0;
                for (CacheKey k : b.keys()) {
                    if (written.contains(k)) {
                        w++;
                        if (b.refresh().contains(k)) {
                            r++;
                        }
                    }
                }
                warmed.addAndGet(w);
                refreshed.addAndGet(r);
                pending.addAndGet(-w);
                if (w - r > 0) {
                    keys(cache, "warmed").increment(w - r);
                }
                if (r > 0) {
                    keys(cache, "refreshed").increment(r);
                }
                int rest = b.keys().size() - w;
                if (rest > 0) {
                    skip(b.keys().get(0), rest);
                    problem(cache + " " + b.keys().get(0).group() + ": " + rest + " keys not written (no data in"
                            + " the database, or an invalidation won the race)");
                }
                return null;
            });
        }

        WarmupSummary finish(Throwable err) {
            if (err != null) {
                Throwable cause = Completions.unwrap(err);
                problem("run failed: " + cause.getMessage());
                LOG.errorf(cause, "warm-up %s failed", id);
            }
            int done = warmed.get() + fresh.get() + skipped.get() + failed.get();
            int unaccounted = total - done;
            if (unaccounted > 0) {
                failed.addAndGet(unaccounted);
            }
            List<String> p;
            synchronized (problems) {
                p = List.copyOf(problems);
            }
            boolean partial = err != null || failed.get() > 0 || timedOut || leaseLost;
            WarmupSummary s = new WarmupSummary(id, trigger.label(), partial ? WarmupSummary.PARTIAL
                    : WarmupSummary.COMPLETED, total, warmed.get(), refreshed.get(), fresh.get(), skipped.get(),
                    failed.get(), started.get(), elapsedMillis(startNanos), p);
            LOG.infof("warm-up %s %s (%s) in %d ms: %d keys, %d warmed (%d refreshed ahead), %d already fresh, %d"
                    + " skipped, %d failed, %d database queries%s", id, s.outcome(), trigger.label(),
                    s.tookMillis(), s.keys(), s.warmed(), s.refreshedAhead(), s.alreadyFresh(), s.skipped(),
                    s.failed(), s.databaseQueries(), p.isEmpty() ? "" : "; " + String.join("; ", p));
            record(trigger, s, startNanos);
            return s;
        }
    }

    /** Database queries started by warm-up runs in this pod since start (tests, diagnostics). */
    public int queriesStarted() {
        return queries.get();
    }
}
