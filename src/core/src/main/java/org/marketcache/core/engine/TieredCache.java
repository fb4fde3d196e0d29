package org.marketcache.core.engine;

import static org.marketcache.core.engine.Completions.guarded;
import static org.marketcache.core.engine.Completions.unwrap;

import org.marketcache.core.TimeSource;
import org.marketcache.core.metrics.CacheMetrics;
import org.marketcache.core.policy.EntryPolicy;
import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.CacheTier;
import org.marketcache.core.tier.CaffeineTier;
import org.marketcache.core.tier.Hit;
import org.marketcache.core.tier.LoadCoordinator;
import org.marketcache.core.tier.LocalTier;
import org.marketcache.core.tier.RemoteTier;
import org.marketcache.core.tier.Tier;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.marketcache.core.metrics.CacheMetrics.Result;
import org.marketcache.core.tier.RemoteTier.Fill;
import org.marketcache.core.tier.RemoteTier.RemoteRead;

/**
 * The read path through L1, L2 and L3 for one cache, batch-oriented: a range request asks for many chunk keys at
 * once, and every tier is asked once per batch (one L1 pass, one L2 round trip, one source query). The cache's
 * writes are in {@link #writes()}, its warm-up in {@link #warming()}, and read-only looks into each tier in
 * {@link #view()}; all of them share this cache's tiers and keep the same generation guards.
 *
 * <p>Design note, in the order a batch flows:
 * <ol>
 *   <li><b>L1.</b> Usable entries answer; those past their refresh time also start a background re-read
 *       (refresh-ahead / stale-while-revalidate), deduplicated per key in the pod.</li>
 *   <li><b>Single flight in the pod.</b> Each missing key is claimed in {@code inflight}; a key already being loaded
 *       by another caller is joined, not loaded again.</li>
 *   <li><b>L1 generations</b> of the claimed keys' groups are captured before any lower tier is asked; every L1
 *       fill is conditional on them (see {@link CaffeineTier}).</li>
 *   <li><b>L2</b>, one read: usable entries answer and fill L1; entries past their refresh time answer and start one
 *       background reload from the source; the read also returns the groups' L2 generations and each key's
 *       version, the preconditions of any later L2 fill ({@link Fill#after}). If L2 fails, the batch goes on
 *       without it (no fill).</li>
 *   <li><b>Single flight across pods.</b> The remaining keys are leased through the {@link LoadCoordinator}; keys
 *       another pod holds are awaited in L2 (polling with a growing interval through the {@link Delayer}, bounded
 *       by {@code leaseWait} on the injected {@link TimeSource}); a key whose lease comes free while waiting (the
 *       other pod failed or died) is taken over at once, and a key that has not arrived by the deadline is loaded
 *       here.</li>
 *   <li><b>L3</b>, one load for all keys this pod owns; results answer at once, fill L1, and fill L2 in the
 *       background (conditional on generation and version), after which the leases are released.</li>
 *   <li><b>Source failure.</b> Keys that still have an expired value in L1 or L2 within {@code staleIfError} are
 *       served from it, marked stale; if any key has none the batch fails with the source's error.</li>
 * </ol>
 * Nothing here blocks a thread: every wait is a completion stage, so the engine can run on an event loop.
 */
public final class TieredCache<K extends CacheKey, V> {
    private static final System.Logger LOG = System.getLogger(TieredCache.class.getName());
    /** Waiting for another pod's fill polls L2 at a doubling interval up to this. */
    private static final long MAX_POLL_MILLIS = 50;

    private final TierSet<K, V> tiers;
    private final CacheWrites<K, V> writes;
    private final CacheWarming<K, V> warming;
    private final TierView<K, V> view;
    private volatile Settings settings;
    private final ConcurrentHashMap<K, CompletableFuture<Hit<V>>> inflight = new ConcurrentHashMap<>();
    /** Keys whose L1 copy is being re-read from L2 (one at a time per key in this pod). */
    private final Set<K> refreshingL1 = ConcurrentHashMap.newKeySet();
    /** Keys whose L2 value is being reloaded from the source (a separate claim: an L1 refresh may lead to it). */
    private final Set<K> refreshingL2 = ConcurrentHashMap.newKeySet();

    /**
     * @param leaseWait    how long a pod waits for another pod's fill before loading the key itself (should cover
     *                     a slow source load: it only matters if the other pod hangs while holding the lease)
     * @param pollInterval first interval at which it looks in L2 while waiting (doubling up to 50 ms)
     */
    public record Settings(Duration leaseWait, Duration pollInterval) {
        public Settings {
            Objects.requireNonNull(leaseWait, "lease-wait");
            Objects.requireNonNull(pollInterval, "poll-interval");
            if (leaseWait.isNegative()) {
                throw new IllegalArgumentException("lease-wait must not be negative: " + leaseWait);
            }
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("poll-interval must be positive: " + pollInterval);
            }
        }
    }

    private TieredCache(Builder<K, V> b) {
        String name = Objects.requireNonNull(b.name, "name");
        this.tiers = new TierSet<>(name, Objects.requireNonNull(b.l1, "l1"), b.l2, Objects.requireNonNull(b.l3, "l3"),
                Objects.requireNonNull(b.policy, "policy"),
                b.coordinator == null ? LoadCoordinator.none() : b.coordinator,
                b.time == null ? TimeSource.SYSTEM : b.time,
                b.delayer == null ? Delayer.JDK : b.delayer,
                (b.metrics == null ? CacheMetrics.NONE : b.metrics).forCache(name));
        this.warming = new CacheWarming<>(tiers);
        this.writes = new CacheWrites<>(tiers, warming);
        this.view = new TierView<>(tiers);
        this.settings = b.settings == null ? new Settings(Duration.ofMillis(200), Duration.ofMillis(10)) : b.settings;
    }

    public static <K extends CacheKey, V> Builder<K, V> builder(String name) {
        return new Builder<>(name);
    }

    public String name() {
        return tiers.name;
    }

    public EntryPolicy<K, V> policy() {
        return tiers.policy;
    }

    /** How this cache follows a change of the data: write-through, write-back and patches. */
    public CacheWrites<K, V> writes() {
        return writes;
    }

    /** Warm-up: source loads into L2, and L2 copies into this pod's L1. */
    public CacheWarming<K, V> warming() {
        return warming;
    }

    /** Read-only looks into each tier (sizes, entries, one L2 read) that count, fill and refresh nothing. */
    public TierView<K, V> view() {
        return view;
    }

    public Settings settings() {
        return settings;
    }

    /** Replaces the lease wait and poll interval; batches already waiting keep the deadline they started with. */
    public void updateSettings(Settings next) {
        this.settings = Objects.requireNonNull(next, "settings");
    }

    /** Keys currently being loaded in this pod (for tests and diagnostics). */
    public int inflight() {
        return inflight.size();
    }

    /**
     * The L1 fast path for one key: the value if L1 holds a usable entry, else {@code null} (and nothing is
     * counted, so the caller goes on with {@link #getAll}).
     */
    public V peek(K key) {
        long start = System.nanoTime();
        CacheEntry<V> e = tiers.l1.getIfPresent(key);
        if (e == null) {
            return null;
        }
        long now = tiers.time.currentTimeMillis();
        if (!e.isUsable(now)) {
            return null;
        }
        tiers.meters.gets(Tier.L1, Result.HIT, 1);
        tiers.meters.latency(Tier.L1, System.nanoTime() - start);
        if (e.needsRefresh(now)) {
            refreshInBackground(List.of(key));
        }
        return e.value();
    }

    /**
     * The L1 fast path for a batch: every value, in key order, if L1 holds a usable entry for each (counted as L1
     * hits); otherwise {@code null}, with nothing counted, and the caller goes on with {@link #getAll}.
     */
    public List<V> peekAll(List<K> keys) {
        long start = System.nanoTime();
        long now = tiers.time.currentTimeMillis();
        List<V> values = new ArrayList<>(keys.size());
        List<K> refresh = null;
        for (K key : keys) {
            CacheEntry<V> e = tiers.l1.getIfPresent(key);
            if (e == null || !e.isUsable(now)) {
                return null;
            }
            values.add(e.value());
            if (e.needsRefresh(now)) {
                if (refresh == null) {
                    refresh = new ArrayList<>();
                }
                refresh.add(key);
            }
        }
        tiers.meters.gets(Tier.L1, Result.HIT, keys.size());
        tiers.meters.latency(Tier.L1, System.nanoTime() - start);
        if (refresh != null) {
            refreshInBackground(refresh);
        }
        return values;
    }

    /** Answers every key the tiers can answer; see the class note for the flow. */
    public CompletionStage<Lookup<K, V>> getAll(Collection<K> keys) {
        long start = System.nanoTime();
        long now = tiers.time.currentTimeMillis();
        Lookup<K, V> out = new Lookup<>(keys.size());
        List<K> misses = null;
        List<K> refresh = null;
        Map<K, StaleValue<V>> stale = null;
        int hits = 0;
        for (K key : keys) {
            CacheEntry<V> e = tiers.l1.getIfPresent(key);
            if (e != null && e.isUsable(now)) {
                out.add(key, new Hit<>(e.value(), Tier.L1, false));
                hits++;
                if (e.needsRefresh(now)) {
                    if (refresh == null) {
                        refresh = new ArrayList<>();
                    }
                    refresh.add(key);
                }
            } else {
                if (misses == null) {
                    misses = new ArrayList<>(keys.size());
                }
                misses.add(key);
                if (e != null) {
                    if (stale == null) {
                        stale = new HashMap<>();
                    }
                    stale.put(key, new StaleValue<>(e, Tier.L1));
                }
            }
        }
        long l1Nanos = System.nanoTime() - start;
        out.addNanos(Tier.L1, l1Nanos);
        tiers.meters.latency(Tier.L1, l1Nanos);
        if (hits > 0) {
            tiers.meters.gets(Tier.L1, Result.HIT, hits);
        }
        if (refresh != null) {
            refreshInBackground(refresh);
        }
        if (misses == null) {
            return CompletableFuture.completedFuture(out);
        }
        tiers.meters.gets(Tier.L1, Result.MISS, misses.size());
        return loadMisses(misses, stale == null ? Map.of() : stale, out);
    }

    private CompletionStage<Lookup<K, V>> loadMisses(List<K> misses, Map<K, StaleValue<V>> stale,
            Lookup<K, V> out) {
        Map<K, CompletableFuture<Hit<V>>> own = new HashMap<>();
        Map<K, CompletableFuture<Hit<V>>> joined = null;
        for (K k : misses) {
            CompletableFuture<Hit<V>> f = new CompletableFuture<>();
            CompletableFuture<Hit<V>> existing = inflight.putIfAbsent(k, f);
            if (existing == null) {
                own.put(k, f);
            } else {
                if (joined == null) {
                    joined = new HashMap<>();
                }
                joined.put(k, existing);
                tiers.meters.singleFlightWait("pod");
            }
        }
        if (!own.isEmpty()) {
            guarded(() -> fetchBelowL1(own.keySet(), stale, out)).whenComplete((found, err) -> {
                Throwable cause = err == null ? null : unwrap(err);
                for (Map.Entry<K, CompletableFuture<Hit<V>>> e : own.entrySet()) {
                    inflight.remove(e.getKey(), e.getValue());
                    if (cause != null) {
                        e.getValue().completeExceptionally(cause);
                    } else {
                        e.getValue().complete(found.get(e.getKey()));
                    }
                }
            });
        }
        Map<K, CompletableFuture<Hit<V>>> all = joined == null ? own : merge(own, joined);
        return CompletableFuture.allOf(all.values().toArray(new CompletableFuture<?>[0])).handle((v, err) -> {
            if (err != null) {
                throw new CompletionException(unwrap(err));
            }
            for (Map.Entry<K, CompletableFuture<Hit<V>>> e : all.entrySet()) {
                Hit<V> h = e.getValue().join();
                if (h != null) {
                    out.add(e.getKey(), h);
                }
            }
            return out;
        });
    }

    private CompletionStage<Map<K, Hit<V>>> fetchBelowL1(Collection<K> keys, Map<K, StaleValue<V>> stale,
            Lookup<K, V> out) {
        Map<String, Long> localGens = tiers.localGenerations(keys);
        if (tiers.l2 == null) {
            return loadFromSource(new ArrayList<>(keys), null, localGens, stale, out);
        }
        long start = System.nanoTime();
        return guarded(() -> tiers.l2.read(keys)).handle((read, err) -> {
            long nanos = System.nanoTime() - start;
            out.addNanos(Tier.L2, nanos);
            tiers.meters.latency(Tier.L2, nanos);
            if (err != null) {
                tiers.meters.gets(Tier.L2, Result.ERROR, keys.size());
                LOG.log(Level.DEBUG, () -> tiers.name + "/l2 read failed, going on without L2: " + unwrap(err));
                return loadFromSource(new ArrayList<>(keys), null, localGens, stale, out);
            }
            if (read.corrupt() > 0) {
                tiers.meters.gets(Tier.L2, Result.CORRUPT, read.corrupt());
            }
            long now = tiers.time.currentTimeMillis();
            Map<K, Hit<V>> hits = new HashMap<>();
            List<K> remaining = new ArrayList<>();
            List<K> refresh = null;
            Map<K, StaleValue<V>> staleAll = stale;
            for (K k : keys) {
                CacheEntry<V> e = read.entries().get(k);
                if (e != null && e.isUsable(now)) {
                    hits.put(k, new Hit<>(e.value(), Tier.L2, false));
                    tiers.fillL1(k, e, now, localGens);
                    if (e.needsRefresh(now)) {
                        if (refresh == null) {
                            refresh = new ArrayList<>();
                        }
                        refresh.add(k);
                    }
                } else {
                    remaining.add(k);
                    if (e != null) {
                        StaleValue<V> s = staleAll.get(k);
                        if (s == null || s.entry().writtenAt() < e.writtenAt()) {
                            if (staleAll == stale) {
                                staleAll = new HashMap<>(stale);
                            }
                            staleAll.put(k, new StaleValue<>(e, Tier.L2));
                        }
                    }
                }
            }
            if (!hits.isEmpty()) {
                tiers.meters.gets(Tier.L2, Result.HIT, hits.size());
            }
            if (refresh != null) {
                refreshFromSource(refresh, read, localGens);
            }
            if (remaining.isEmpty()) {
                return CompletableFuture.completedFuture(hits);
            }
            tiers.meters.gets(Tier.L2, Result.MISS, remaining.size());
            return loadFromSource(remaining, read, localGens, staleAll, out)
                    .thenApply(loaded -> merge(hits, loaded));
        }).thenCompose(Function.identity());
    }

    private CompletionStage<Map<K, Hit<V>>> loadFromSource(List<K> keys, RemoteRead<K, V> read,
            Map<String, Long> localGens, Map<K, StaleValue<V>> stale, Lookup<K, V> out) {
        if (read == null) {
            return loadAndFill(keys, null, localGens, stale, out, false);
        }
        return guarded(() -> tiers.coordinator.tryAcquire(keys)).handle((acquired, err) -> {
            Set<K> mine = err != null ? new HashSet<>(keys) : acquired;
            boolean leased = err == null;
            List<K> others = new ArrayList<>();
            List<K> own = new ArrayList<>();
            for (K k : keys) {
                (mine.contains(k) ? own : others).add(k);
            }
            CompletionStage<Map<K, Hit<V>>> loaded = own.isEmpty()
                    ? CompletableFuture.completedFuture(Map.of())
                    : loadAndFill(own, read, localGens, stale, out, leased);
            if (others.isEmpty()) {
                return loaded;
            }
            for (int i = 0; i < others.size(); i++) {
                tiers.meters.singleFlightWait("cluster");
            }
            long deadline = tiers.time.currentTimeMillis() + settings.leaseWait().toMillis();
            CompletionStage<Map<K, Hit<V>>> awaited = awaitFill(others, deadline,
                    settings.pollInterval().toMillis(), read, localGens, stale, out)
                    .thenCompose(found -> {
                        List<K> rest = new ArrayList<>();
                        for (K k : others) {
                            if (!found.containsKey(k)) {
                                rest.add(k);
                            }
                        }
                        if (rest.isEmpty()) {
                            return CompletableFuture.completedFuture(found);
                        }
                        return loadAndFill(rest, read, localGens, stale, out, false)
                                .thenApply(more -> merge(found, more));
                    });
            return loaded.thenCombine(awaited, TieredCache::merge);
        }).thenCompose(Function.identity());
    }

    /**
     * Waits for keys another pod is loading: polls L2 with a growing interval; keys that are still missing are
     * offered the lease again, so when the other pod releases it (its load failed) or it expires (the pod died),
     * this pod takes over at once instead of waiting out {@code leaseWait}. At the deadline, whatever is still
     * missing is returned so the caller loads it itself.
     */
    private CompletionStage<Map<K, Hit<V>>> awaitFill(List<K> keys, long deadlineMillis, long pollMillis,
            RemoteRead<K, V> firstRead, Map<String, Long> localGens, Map<K, StaleValue<V>> stale, Lookup<K, V> out) {
        return tiers.delayer.after(pollMillis).thenCompose(v -> {
            long start = System.nanoTime();
            return guarded(() -> tiers.l2.read(keys)).handle((read, err) -> {
                out.addNanos(Tier.L2, System.nanoTime() - start);
                if (err != null) {
                    return CompletableFuture.completedFuture(Map.<K, Hit<V>>of());
                }
                long now = tiers.time.currentTimeMillis();
                Map<K, Hit<V>> found = new HashMap<>();
                List<K> missing = new ArrayList<>();
                for (K k : keys) {
                    CacheEntry<V> e = read.entries().get(k);
                    if (e != null && e.isUsable(now)) {
                        found.put(k, new Hit<>(e.value(), Tier.L2, false));
                        tiers.fillL1(k, e, now, localGens);
                    } else {
                        missing.add(k);
                    }
                }
                if (!found.isEmpty()) {
                    tiers.meters.gets(Tier.L2, Result.HIT, found.size());
                }
                if (missing.isEmpty() || tiers.time.currentTimeMillis() >= deadlineMillis) {
                    return CompletableFuture.completedFuture(found);
                }
                return guarded(() -> tiers.coordinator.tryAcquire(missing)).handle((acquired, leaseErr) -> {
                    Set<K> taken = leaseErr == null ? acquired : Set.of();
                    List<K> stillWaiting = new ArrayList<>();
                    List<K> takeOver = new ArrayList<>();
                    for (K k : missing) {
                        (taken.contains(k) ? takeOver : stillWaiting).add(k);
                    }
                    CompletionStage<Map<K, Hit<V>>> loaded = takeOver.isEmpty()
                            ? CompletableFuture.completedFuture(Map.of())
                            : loadAndFill(takeOver, read, localGens, stale, out, true);
                    CompletionStage<Map<K, Hit<V>>> waited = stillWaiting.isEmpty()
                            ? CompletableFuture.completedFuture(Map.of())
                            : awaitFill(stillWaiting, deadlineMillis, Math.min(MAX_POLL_MILLIS, pollMillis * 2),
                                    read, localGens, stale, out);
                    return loaded.thenCombine(waited, TieredCache::merge);
                }).thenCompose(Function.identity()).thenApply(more -> merge(found, more));
            }).thenCompose(Function.identity());
        });
    }

    private CompletionStage<Map<K, Hit<V>>> loadAndFill(List<K> keys, RemoteRead<K, V> read,
            Map<String, Long> localGens, Map<K, StaleValue<V>> stale, Lookup<K, V> out, boolean leased) {
        return loadAndFill(keys, read, localGens, stale, out, leased, Map.of());
    }

    /** @param previous values being refreshed, which the source may update instead of reading whole */
    private CompletionStage<Map<K, Hit<V>>> loadAndFill(List<K> keys, RemoteRead<K, V> read,
            Map<String, Long> localGens, Map<K, StaleValue<V>> stale, Lookup<K, V> out, boolean leased,
            Map<K, V> previous) {
        long start = System.nanoTime();
        return guarded(() -> previous.isEmpty() ? tiers.l3.getAll(keys) : tiers.l3.reload(keys, previous))
                .handle((entries, err) -> {
            long nanos = System.nanoTime() - start;
            out.addNanos(Tier.L3, nanos);
            tiers.meters.latency(Tier.L3, nanos);
            tiers.meters.load(err == null, nanos);
            if (err != null) {
                if (leased) {
                    tiers.coordinator.release(keys);
                }
                return serveStaleOrFail(keys, stale, unwrap(err));
            }
            long now = tiers.time.currentTimeMillis();
            Map<K, Hit<V>> hits = new HashMap<>();
            List<Fill<K, V>> fills = read == null ? null : new ArrayList<>(entries.size());
            for (Map.Entry<K, CacheEntry<V>> e : entries.entrySet()) {
                K k = e.getKey();
                hits.put(k, new Hit<>(e.getValue().value(), Tier.L3, false));
                tiers.fillL1(k, e.getValue(), now, localGens);
                if (fills != null) {
                    fills.add(Fill.after(read, k, e.getValue()));
                }
            }
            tiers.meters.gets(Tier.L3, Result.HIT, hits.size());
            if (hits.size() < keys.size()) {
                tiers.meters.gets(Tier.L3, Result.MISS, keys.size() - hits.size());
            }
            if (fills != null && !fills.isEmpty()) {
                guarded(() -> tiers.l2.fill(fills)).whenComplete((n, fillErr) -> {
                    if (fillErr != null) {
                        tiers.meters.gets(Tier.L2, Result.ERROR, fills.size());
                        LOG.log(Level.DEBUG, () -> tiers.name + "/l2 fill failed: " + unwrap(fillErr));
                    }
                    if (leased) {
                        tiers.coordinator.release(keys);
                    }
                });
            } else if (leased) {
                tiers.coordinator.release(keys);
            }
            return hits;
        });
    }

    private Map<K, Hit<V>> serveStaleOrFail(List<K> keys, Map<K, StaleValue<V>> stale, Throwable cause) {
        long now = tiers.time.currentTimeMillis();
        long grace = tiers.policy.staleIfErrorMillis();
        Map<K, Hit<V>> hits = new HashMap<>();
        int failed = 0;
        for (K k : keys) {
            StaleValue<V> s = stale.get(k);
            if (s != null && now < s.entry().expireAt() + grace) {
                hits.put(k, new Hit<>(s.entry().value(), s.tier(), true));
            } else {
                failed++;
            }
        }
        tiers.meters.gets(Tier.L3, Result.ERROR, keys.size());
        if (failed > 0) {
            throw new CompletionException(cause);
        }
        tiers.meters.servedStaleOnError(hits.size());
        return hits;
    }

    /**
     * Reloads keys from the source now, whatever the tiers hold (refresh-ahead, warm-up): the values are written to
     * L2 over whatever version was there (still refused if an invalidation of the group happens meanwhile) and to
     * L1. Answers with what was loaded; keys the source does not have are absent.
     */
    public CompletionStage<Map<K, Hit<V>>> reload(Collection<K> keys) {
        List<K> list = new ArrayList<>(keys);
        Map<String, Long> localGens = tiers.localGenerations(list);
        Lookup<K, V> ignored = new Lookup<>(list.size());
        if (tiers.l2 == null) {
            return loadAndFill(list, null, localGens, Map.of(), ignored, false);
        }
        return guarded(() -> tiers.l2.read(list)).handle((read, err) -> loadAndFill(list, err == null ? read : null,
                localGens, Map.of(), ignored, false)).thenCompose(Function.identity());
    }

    /**
     * Exact-key invalidation: L2 values become tombstones (so fills that read before cannot write back) and this
     * pod's L1 copies are dropped; other pods learn it from the invalidation event the caller publishes. Returns
     * the number of L2 values removed.
     */
    public CompletionStage<Long> invalidate(Collection<K> keys) {
        tiers.dropFromL1(keys);
        return tiers.l2 == null ? CompletableFuture.completedFuture(0L) : guarded(() -> tiers.l2.invalidateAll(keys));
    }

    /** Every value of this cache for one group, in L2 (generation bump) and this pod's L1; returns L2 removals. */
    public CompletionStage<Long> invalidateGroup(String group) {
        tiers.l1.invalidateGroup(group);
        return tiers.l2 == null ? CompletableFuture.completedFuture(0L)
                : guarded(() -> tiers.l2.invalidateGroup(group));
    }

    /** Stale-while-revalidate for L1: re-read from L2 (and from L3 if L2 is stale too), once per key per pod. */
    private void refreshInBackground(List<K> keys) {
        List<K> todo = claim(refreshingL1, keys);
        if (todo.isEmpty()) {
            return;
        }
        Lookup<K, V> ignored = new Lookup<>(todo.size());
        guarded(() -> fetchBelowL1(todo, Map.of(), ignored)).whenComplete((r, err) -> {
            refreshingL1.removeAll(todo);
            tiers.meters.refresh(Tier.L2, err == null);
            if (err != null) {
                LOG.log(Level.DEBUG, () -> tiers.name + " background refresh failed: " + unwrap(err));
            }
        });
    }

    /**
     * Stale-while-revalidate for L2: one reload from the source per key across pods (leased). The source gets the
     * values being refreshed ({@link CacheTier#reload}), so it can read only what can have changed.
     */
    private void refreshFromSource(List<K> keys, RemoteRead<K, V> read, Map<String, Long> localGens) {
        List<K> todo = claim(refreshingL2, keys);
        if (todo.isEmpty()) {
            return;
        }
        Lookup<K, V> ignored = new Lookup<>(todo.size());
        guarded(() -> tiers.coordinator.tryAcquire(todo)).thenCompose(acquired -> {
            List<K> mine = new ArrayList<>(acquired);
            if (mine.isEmpty()) {
                return CompletableFuture.completedFuture(Map.<K, Hit<V>>of());
            }
            Map<K, V> previous = new HashMap<>();
            for (K k : mine) {
                CacheEntry<V> e = read.entries().get(k);
                if (e != null) {
                    previous.put(k, e.value());
                }
            }
            return loadAndFill(mine, read, localGens, Map.of(), ignored, true, previous);
        }).whenComplete((r, err) -> {
            refreshingL2.removeAll(todo);
            tiers.meters.refresh(Tier.L3, err == null);
            if (err != null) {
                LOG.log(Level.DEBUG, () -> tiers.name + " background reload from source failed: " + unwrap(err));
            }
        });
    }

    private static <K> List<K> claim(Set<K> claims, List<K> keys) {
        List<K> todo = new ArrayList<>(keys.size());
        for (K k : keys) {
            if (claims.add(k)) {
                todo.add(k);
            }
        }
        return todo;
    }

    private static <A, B> Map<A, B> merge(Map<A, B> a, Map<A, B> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        Map<A, B> m = new HashMap<>(a);
        m.putAll(b);
        return m;
    }

    private record StaleValue<V>(CacheEntry<V> entry, Tier tier) {
    }


    // --- This pod's L1 only: what an invalidation event from another pod, or a lost event stream, asks for. ---

    /** Drops this pod's L1 copies of {@code keys}; L1 fills of their groups prepared before are refused. */
    public void invalidateL1(Collection<K> keys) {
        tiers.dropFromL1(keys);
    }

    /** Drops this pod's L1 entries of one group and bumps its L1 generation; returns the entries dropped. */
    public long invalidateL1Group(String group) {
        return tiers.l1.invalidateGroup(group);
    }

    /** Drops this pod's whole L1 and bumps every generation (invalidation events may have been lost). */
    public long invalidateL1Everything() {
        return tiers.l1.invalidateEverything();
    }

    /** Builds a {@link TieredCache}; {@code l1}, {@code l3} and {@code policy} are required, the rest optional. */
    public static final class Builder<K extends CacheKey, V> {
        private final String name;
        private LocalTier<K, V> l1;
        private RemoteTier<K, V> l2;
        private CacheTier<K, V> l3;
        private EntryPolicy<K, V> policy;
        private LoadCoordinator<K> coordinator;
        private TimeSource time;
        private Delayer delayer;
        private CacheMetrics metrics;
        private Settings settings;

        private Builder(String name) {
            this.name = name;
        }

        public Builder<K, V> l1(LocalTier<K, V> v) {
            this.l1 = v;
            return this;
        }

        public Builder<K, V> l2(RemoteTier<K, V> v) {
            this.l2 = v;
            return this;
        }

        public Builder<K, V> l3(CacheTier<K, V> v) {
            this.l3 = v;
            return this;
        }

        public Builder<K, V> policy(EntryPolicy<K, V> v) {
            this.policy = v;
            return this;
        }

        public Builder<K, V> coordinator(LoadCoordinator<K> v) {
            this.coordinator = v;
            return this;
        }

        public Builder<K, V> time(TimeSource v) {
            this.time = v;
            return this;
        }

        public Builder<K, V> delayer(Delayer v) {
            this.delayer = v;
            return this;
        }

        public Builder<K, V> metrics(CacheMetrics v) {
            this.metrics = v;
            return this;
        }

        public Builder<K, V> settings(Settings v) {
            this.settings = v;
            return this;
        }

        public TieredCache<K, V> build() {
            return new TieredCache<>(this);
        }
    }
}
