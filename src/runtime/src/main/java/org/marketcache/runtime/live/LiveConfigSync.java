package org.marketcache.runtime.live;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.marketcache.core.config.ConfigProblem;
import org.marketcache.core.engine.Completions;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.core.policy.EntryPolicy;
import org.marketcache.core.policy.TtlPolicy;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.caffeine.L1Caches;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps this pod on the current version of the live-configuration document.
 *
 * <p>Design note.
 * <ol>
 *   <li>At start, before the pod reports ready ({@link LiveConfigReadiness} is down until then), the stored version
 *       is read and applied, waiting at most {@code marketcache.live-config.start-timeout} (and four Redis deadlines);
 *       with Redis unreachable or silent the pod runs version 0 and says so in its readiness data.</li>
 *   <li>Every write announces its version on a Redis pub/sub channel (published by the compare-and-set script
 *       itself). Pub/sub rather than a stream: the announcement carries no data (a pod always re-reads the whole
 *       document), only the newest one matters, and a pod that misses one loses nothing a re-read would not give
 *       it, so there is no backlog to keep or trim, and no consumer position to track.</li>
 *   <li>Because pub/sub drops messages while a pod is disconnected, each pod also compares the stored version with
 *       its own every {@code marketcache.live-config.check-interval} (5 s): while it reaches Redis, no pod runs an
 *       old version longer than that interval plus one Redis deadline after a write. The same check renews the
 *       pod's acknowledgement and re-subscribes when the subscription ended.</li>
 *   <li>Applying: the document is validated whole with this function's rules (a pod never applies part of one);
 *       the settings are swapped in {@link LiveConfig} with one volatile write (Redis deadline, compression,
 *       tombstones, leases, negative cache, write modes are read from there on every use), then each cache's
 *       {@link TtlPolicy} and single-flight settings are replaced and its Caffeine maximum size set. New lifetimes
 *       apply to entries stamped from then on.</li>
 *   <li>A document this pod cannot apply (it fails validation here) is acknowledged as rejected with the reason,
 *       and the pod keeps the version it runs. With Redis down it keeps the last applied version: it never falls
 *       back to start-up values.</li>
 * </ol>
 * Checks run one at a time; a trigger during a check runs one more check after it.
 */
@ApplicationScoped
public class LiveConfigSync {
    private static final Logger LOG = Logger.getLogger(LiveConfigSync.class);

    @Inject
    LiveConfig live;
    @Inject
    LiveConfigStore store;
    @Inject
    CacheTiers tiers;
    @Inject
    L1Caches l1Caches;
    @Inject
    ReactiveRedisDataSource redis;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "quarkus.application.name", defaultValue = "marketcache")
    String function;
    @Inject
    LiveConfigOptions options;

    private final String pod = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank())
            .orElse(UUID.randomUUID().toString().substring(0, 8));
    private final String startedAt = Instant.now().toString();
    private volatile boolean loaded;
    private volatile boolean subscribed;
    private volatile ReactivePubSubCommands.ReactiveRedisSubscriber subscriber;
    private volatile String problem;
    private volatile Rejection rejected;
    private volatile long lastReachedMillis;
    private boolean running;
    private boolean again;

    void onStart(@Observes @Priority(10) StartupEvent e) {
        Gauge.builder("cache.config.version", live, LiveConfig::version)
                .description("Version of the live configuration this pod runs (0: its own start-up configuration)")
                .register(registry);
        subscribe();
        try {
            check().toCompletableFuture().get(startBudget().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception ex) {
            String why = ex instanceof TimeoutException
                    ? "no answer from Redis within " + startBudget().toMillis() + "ms"
                    : rootMessage(ex);
            if (problem == null) {
                problem = "could not load the current version at start (" + why + "); running version "
                        + live.version();
            }
            LOG.warnf("live configuration: could not load the current version at start (%s); running version %d",
                    why, live.version());
        }
        loaded = true;
    }

    void onStop(@Observes ShutdownEvent e) {
        ReactivePubSubCommands.ReactiveRedisSubscriber s = subscriber;
        if (s != null) {
            s.unsubscribe().subscribe().with(x -> { }, err -> { });
        }
    }

    @Scheduled(every = "${marketcache.live-config.check-interval}", delayed = "${marketcache.live-config.check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    CompletionStage<Void> scheduledCheck() {
        if (!subscribed) {
            subscribe();
        }
        return check();
    }

    /**
     * Reads the stored version and applies it if it is not the one this pod runs, then acknowledges. Runs one at a
     * time; a call while one runs makes it run once more.
     */
    public CompletionStage<Void> check() {
        synchronized (this) {
            if (running) {
                again = true;
                return CompletableFuture.completedFuture(null);
            }
            running = true;
        }
        return checkOnce().handle((v, err) -> {
            boolean more;
            synchronized (this) {
                more = again;
                again = false;
                running = false;
            }
            return more ? check() : CompletableFuture.<Void>completedFuture(null);
        }).thenCompose(s -> s);
    }

    private CompletionStage<Void> checkOnce() {
        return store.version().thenCompose(stored -> {
            lastReachedMillis = System.currentTimeMillis();
            problem = null;
            if (stored == live.version() || stored == 0 || rejectedVersion() == stored) {
                return CompletableFuture.completedFuture(null);
            }
            return store.current().thenAccept(s -> s.ifPresent(this::apply));
        }).handle((v, err) -> {
            if (err != null) {
                problem = "cannot reach Redis (" + rootMessage(err) + "); running version " + live.version()
                        + " applied at " + Instant.ofEpochMilli(live.applied().appliedAtMillis());
                LOG.warnf("live configuration: %s", problem);
            }
            return null;
        }).thenCompose(v -> acknowledge());
    }

    /** A stored version this pod could not apply, and why. */
    private record Rejection(long version, String reason) {
    }

    private long rejectedVersion() {
        Rejection r = rejected;
        return r == null ? -1 : r.version();
    }

    /** Validates and applies one stored version; a document this pod cannot apply is rejected whole. */
    void apply(LiveConfigStore.Stored s) {
        LiveDocument.Reading reading = live.read(s.config());
        if (!reading.valid()) {
            Rejection r = new Rejection(s.version(), reading.problems().stream().map(ConfigProblem::message)
                    .collect(Collectors.joining("; ")));
            rejected = r;
            LOG.errorf("live configuration version %d rejected, still running version %d: %s", s.version(),
                    live.version(), r.reason());
            return;
        }
        LiveSettings next = reading.settings().orElseThrow();
        LiveSettings before = live.settings();
        live.replace(new LiveConfig.Applied(s.version(), next, (ObjectNode) LiveDocument.write(next),
                System.currentTimeMillis(), s.updatedAt(), s.updatedBy()));
        TieredCache.Settings flight = new TieredCache.Settings(next.leaseWait(), next.pollInterval());
        for (var e : tiers.all().entrySet()) {
            String name = e.getKey();
            LiveSettings.CacheSettings c = next.cache(name);
            EntryPolicy<?, ?> policy = e.getValue().policy();
            if (policy instanceof TtlPolicy<?, ?> ttl) {
                ttl.update(c.policy());
            }
            e.getValue().updateSettings(flight);
            if (c.l1MaximumSize() != before.cache(name).l1MaximumSize()) {
                l1Caches.get(name).as(CaffeineCache.class).setMaximumSize(c.l1MaximumSize());
            }
        }
        rejected = null;
        LOG.infof("live configuration version %d applied (by %s at %s)", s.version(), s.updatedBy(), s.updatedAt());
    }

    private CompletionStage<Void> acknowledge() {
        LiveConfig.Applied a = live.applied();
        Rejection r = rejected;
        long now = System.currentTimeMillis();
        LiveConfigStore.PodAck ack = new LiveConfigStore.PodAck(function, pod, startedAt, a.version(),
                Instant.ofEpochMilli(a.appliedAtMillis()).toString(), r == null ? "applied" : "rejected",
                r == null ? null : "version " + r.version() + " " + r.reason(), Instant.ofEpochMilli(now).toString(),
                now + 3 * options.checkInterval().toMillis());
        return store.acknowledge(ack).handle((v, err) -> null);
    }

    private void subscribe() {
        subscribed = true;
        redis.pubsub(String.class).subscribe(store.channel(), version -> check(), () -> subscribed = false,
                err -> subscribed = false)
                .subscribe().with(s -> subscriber = s, err -> {
                    subscribed = false;
                    LOG.debugf("live configuration: cannot subscribe to %s (%s); the periodic check covers it",
                            store.channel(), err.getMessage());
                });
    }

    private Duration startBudget() {
        Duration fourCalls = live.settings().redisTimeout().multipliedBy(4);
        return fourCalls.compareTo(options.startTimeout()) < 0 ? fourCalls : options.startTimeout();
    }

    private static String rootMessage(Throwable t) {
        Throwable c = Completions.unwrap(t);
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    /** Whether the start-up load was done (or given up): readiness waits for it. */
    public boolean loaded() {
        return loaded;
    }

    /** Why this pod may not run the current version, or null: Redis unreachable, or the last version rejected. */
    public String problem() {
        String p = problem;
        Rejection r = rejected;
        if (p != null) {
            return p;
        }
        return r == null ? null : "version " + r.version() + " rejected: " + r.reason();
    }

    public String pod() {
        return pod;
    }

    public String function() {
        return function;
    }

    /** Pods other than this one, as recorded by the store; for the admin API. */
    public CompletionStage<List<LiveConfigStore.PodAck>> pods() {
        return store.pods();
    }
}
