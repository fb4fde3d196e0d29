package org.marketcache.warm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.engine.Delayer;
import org.marketcache.core.engine.CacheWarming;
import org.marketcache.core.engine.Completions;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.core.TimeSource;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.runtime.CacheTiers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * A new pod fills its L1 from L2 before it reports ready: the top {@code on-start.top-n} keys of the hot ranking
 * plus the critical set, read from Redis only ({@link CacheWarming#preloadL1}: no database query, so a scale-out
 * during a spike does not stampede L3). It starts when the application starts and runs in the background;
 * {@link L1WarmupReadiness} keeps the pod unready until it finishes or {@code on-start.timeout} passes, whichever
 * comes first. A failed attempt (a Redis call past its deadline on a busy node) is tried again while the limit
 * leaves room. A pod that could not warm in time (Redis slow or away) still becomes ready and says so.
 */
@ApplicationScoped
public class StartupL1Warmer {
    private static final Logger LOG = Logger.getLogger(StartupL1Warmer.class);
    private static final long RETRY_PAUSE_MILLIS = 200;

    /** Where the start-up warm is; read by readiness. */
    public enum Phase {
        DISABLED, WARMING, WARM, FAILED
    }

    /**
     * A snapshot for readiness: {@code wanted} keys asked for, {@code loaded} of them now in L1,
     * {@code tookMillis} once finished, {@code reason} for a failure.
     */
    public record State(Phase phase, long startedNanos, long tookMillis, int wanted, int loaded, String reason) {
    }

    @Inject
    WarmupConfig config;
    @Inject
    HotKeyRanking ranking;
    @Inject
    WarmupTargets targets;
    @Inject
    CacheTiers tiers;
    @Inject
    KeySchema keys;
    @Inject
    TimeSource time;
    @Inject
    MeterRegistry registry;
    @Inject
    Delayer delayer;

    private volatile State state = new State(Phase.DISABLED, System.nanoTime(), 0, 0, 0, "not started");
    private final AtomicInteger loaded = new AtomicInteger();

    void onStart(@Observes StartupEvent event) {
        if (!config.onStart().enabled()) {
            state = new State(Phase.DISABLED, System.nanoTime(), 0, 0, 0,
                    "marketcache.warmup.on-start.enabled=false");
            return;
        }
        start();
    }

    public State state() {
        State s = state;
        return s.phase() == Phase.WARMING ? new State(s.phase(), s.startedNanos(), 0, s.wanted(), loaded.get(),
                s.reason()) : s;
    }

    /** Starts the warm (again); answers when it finishes. */
    public CompletionStage<State> start() {
        long started = System.nanoTime();
        loaded.set(0);
        state = new State(Phase.WARMING, started, 0, 0, 0, null);
        return attempt(started).handle((wanted, err) -> {
            long took = (System.nanoTime() - started) / 1_000_000;
            if (err != null) {
                String reason = Completions.unwrap(err).getMessage();
                state = new State(Phase.FAILED, started, took, state.wanted(), loaded.get(), reason);
                LOG.warnf("start-up L1 warm failed after %d ms (%d keys loaded); the pod serves cold: %s", took,
                        loaded.get(), reason);
            } else {
                state = new State(Phase.WARM, started, took, wanted, loaded.get(), null);
                LOG.infof("start-up L1 warm: %d of %d hot and critical keys loaded from L2 in %d ms%s", loaded.get(),
                        wanted, took, took > config.onStart().timeout().toMillis()
                                ? " (past marketcache.warmup.on-start.timeout " + config.onStart().timeout()
                                        + ": the pod was already ready)" : "");
            }
            return state;
        });
    }

    /** One try; a failed one is tried again after a pause while the time limit leaves room for it. */
    private CompletionStage<Integer> attempt(long started) {
        return once(started).handle((wanted, err) -> {
            if (err == null) {
                return CompletableFuture.completedFuture(wanted);
            }
            long left = config.onStart().timeout().toMillis() - (System.nanoTime() - started) / 1_000_000;
            if (left < 2 * RETRY_PAUSE_MILLIS) {
                return CompletableFuture.<Integer>failedFuture(err);
            }
            LOG.debugf("start-up L1 warm: retrying after %s", Completions.unwrap(err).getMessage());
            return delayer.after(RETRY_PAUSE_MILLIS).thenCompose(v -> attempt(started));
        }).thenCompose(f -> f);
    }

    private CompletionStage<Integer> once(long started) {
        long now = time.currentTimeMillis();
        return ranking.top(config.onStart().topN()).thenCompose(ranked -> {
            Set<CacheKey> wanted = new LinkedHashSet<>(targets.criticalKeys(now));
            for (HotKey h : ranked) {
                CacheKey k = keys.parse(h.id());
                if (k != null) {
                    wanted.add(k);
                }
            }
            state = new State(Phase.WARMING, started, 0, wanted.size(), 0, null);
            loaded.set(0);
            return preload(wanted).thenApply(v -> wanted.size());
        });
    }

    /** Per cache, a few instruments at a time ({@link GroupChunks}): a start-up warm must not flood the pool. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private CompletionStage<Void> preload(Set<CacheKey> wanted) {
        Map<String, List<CacheKey>> byCache = new LinkedHashMap<>();
        for (CacheKey k : wanted) {
            byCache.computeIfAbsent(k.cache(), c -> new ArrayList<>()).add(k);
        }
        List<List<CacheKey>> chunks = new ArrayList<>();
        for (List<CacheKey> keysOfCache : byCache.values()) {
            if (tiers.all().containsKey(keysOfCache.get(0).cache())) {
                chunks.addAll(GroupChunks.of(keysOfCache, GroupChunks.GROUPS_PER_CHUNK));
            }
        }
        return GroupChunks.sequentially(chunks, chunk -> {
            String name = chunk.get(0).cache();
            TieredCache<CacheKey, Object> cache = (TieredCache) tiers.all().get(name);
            Counter counter = Counter.builder("cache.warmup.keys").tag("cache", name).tag("tier", "l1")
                    .tag("result", "preloaded").register(registry);
            return cache.warming().preloadL1(chunk).thenAccept(n -> {
                loaded.addAndGet(n);
                counter.increment(n);
            });
        });
    }
}
