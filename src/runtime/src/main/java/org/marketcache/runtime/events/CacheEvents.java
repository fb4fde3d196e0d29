package org.marketcache.runtime.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.Tier;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.core.TimeSource;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.config.MarketCacheConfig;
import org.marketcache.runtime.redis.Deadline;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.runtime.stream.RedisReplies;
import org.marketcache.runtime.stream.StreamConsumer;
import org.marketcache.runtime.stream.StreamEntry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Keeps every pod's L1 coherent with L2: writes and invalidations publish an event, every pod applies it.
 *
 * <p>Design note. Events go through a Redis Stream ({@code <prefix>:v1:events}), not pub/sub, so delivery is
 * checkable: entry ids are a sequence, each pod reads from the last id it applied with a blocking {@code XREAD} on
 * a connection of its own (a {@link StreamConsumer} in tail mode), and a pod that was disconnected resumes where it
 * stopped. What a pod cannot replay it does not guess about: if the stream was trimmed past its last id (a gap), or
 * it could not reach the stream for {@code outage-drop-after}, it drops its whole L1, so it serves nothing it might
 * have missed an invalidation for. The stream is trimmed to about {@code max-length} entries. Every pod, including
 * the writer, applies every event (the writer has already dropped its own copies; applying again is harmless).
 *
 * <p>What an event says is a {@link CacheEvent}; the publisher adds {@code origin} (the publishing pod). An event
 * that cannot be read ({@link MalformedEventException}) is logged, counted ({@code cache.events.malformed}) and
 * skipped; an event of a type this release does not know is skipped; an event that fails while being applied drops
 * the whole L1, since what it invalidated is unknown.
 */
@ApplicationScoped
public class CacheEvents {
    private static final Logger LOG = Logger.getLogger(CacheEvents.class);
    /** Most events one read returns; a full batch means this pod is behind, and the gap check runs again. */
    private static final int BATCH = 512;
    private static final Duration RECONNECT_AFTER = Duration.ofMillis(200);

    @Inject
    Redis redis;
    @Inject
    KeySchema keys;
    @Inject
    CacheTiers tiers;
    @Inject
    InstrumentRegistry instruments;
    @Inject
    MarketCacheConfig config;
    @Inject
    MeterRegistry registry;
    @Inject
    TimeSource time;
    @Inject
    Vertx vertx;

    private final String pod = UUID.randomUUID().toString().substring(0, 8);
    private volatile StreamConsumer consumer;
    private final AtomicLong failingSince = new AtomicLong();
    private volatile boolean droppedThisOutage;
    private Timer lag;
    private Counter gaps;
    private Counter applied;
    private Counter malformed;
    private Counter dropsAll;

    /** Starts before the other start-up work (warm-up reads L2 into L1 only once events are being applied). */
    void onStart(@Observes @Priority(10) StartupEvent e) {
        lag = Timer.builder("cache.events.lag").description("Time from an event's publication to its application"
                + " in this pod").publishPercentiles(0.5, 0.99).register(registry);
        gaps = Counter.builder("cache.events.gaps").description("Times this pod found it had missed events and"
                + " dropped its L1").register(registry);
        applied = Counter.builder("cache.events.applied").register(registry);
        malformed = Counter.builder("cache.events.malformed").description("Events this pod could not read and"
                + " skipped").register(registry);
        dropsAll = Counter.builder("cache.events.l1.dropped").description("Whole-L1 drops (gaps, outages, 'all')")
                .register(registry);
        if (!config.events().consume()) {
            return;
        }
        String startId;
        try {
            Response last = redis.send(Request.cmd(Command.XREVRANGE).arg(keys.events()).arg("+").arg("-")
                    .arg("COUNT").arg(1)).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            List<StreamEntry> newest = RedisReplies.entries(last);
            startId = newest.isEmpty() ? "0-0" : newest.get(0).id();
        } catch (Exception ex) {
            // Reached the stream for the first time later: nothing cached yet, start at the end ($).
            LOG.warnf("event stream %s not reachable at start (%s); L1 stays empty until it is", keys.events(),
                    ex.getMessage());
            startId = null;
        }
        consumer = StreamConsumer.builder("cache events", vertx, redis, keys.events())
                .mode(new StreamConsumer.Tail(startId)).batch(BATCH).block(config.events().block())
                .reconnect(StreamConsumer.Backoff.fixed(RECONNECT_AFTER)).beforeReading(this::checkGap)
                .handler(this::apply).onRead(this::recovered).onFailure(this::failed).build();
        consumer.start();
    }

    @PreDestroy
    void stop() {
        StreamConsumer c = consumer;
        if (c != null) {
            c.stop();
        }
    }

    /** The last event id this pod applied (for tests and diagnostics). */
    public String lastApplied() {
        StreamConsumer c = consumer;
        return c == null ? null : c.position();
    }

    // ---- publishing ---------------------------------------------------------------------------------------------

    /** These keys of {@code cache} changed or were removed: every pod drops its L1 copies. */
    public CompletionStage<String> keysChanged(String cache, Collection<? extends CacheKey> changed) {
        List<String> ids = new ArrayList<>(changed.size());
        for (CacheKey k : changed) {
            ids.add(k.id());
        }
        return publish(new CacheEvent.KeysChanged(cache, ids));
    }

    /** Every key of {@code cache} ({@code *}: of every cache) in {@code group} was invalidated. */
    public CompletionStage<String> groupInvalidated(String cache, String group) {
        return publish(new CacheEvent.GroupInvalidated(cache, group));
    }

    /** Everything was invalidated. */
    public CompletionStage<String> allInvalidated() {
        return publish(new CacheEvent.AllInvalidated());
    }

    /** A new instrument exists (pods add it to their known set and forget any "unknown"). */
    public CompletionStage<String> instrumentAdded(Instrument instrument, int id) {
        return publish(new CacheEvent.InstrumentAdded(instrument, id));
    }

    /** Appends {@code event}; completes with its entry id. */
    public CompletionStage<String> publish(CacheEvent event) {
        Request xadd = Request.cmd(Command.XADD).arg(keys.events()).arg("MAXLEN").arg("~")
                .arg(config.events().maxLength()).arg("*");
        event.encode().forEach((name, value) -> xadd.arg(name).arg(value));
        xadd.arg("origin").arg(pod);
        return Deadline.within(redis.send(xadd).toCompletionStage(), Tier.L2, "events", "XADD",
                config.redis().timeout().multipliedBy(5), tiers.redisEndpoint()).thenApply(Response::toString);
    }

    // ---- consuming ----------------------------------------------------------------------------------------------

    /**
     * Whether events after the last applied id were trimmed before this pod read them: Redis 7 reports the largest
     * id it ever removed from the stream ({@code max-deleted-entry-id}); anything up to it that this pod has not
     * read is lost. Older servers lack the field: then a first entry newer than the last applied id counts as a gap.
     */
    private Future<Void> checkGap(RedisConnection c) {
        String lastId = consumer.position();
        if (lastId.equals("$") || lastId.equals("0-0")) {
            return Future.succeededFuture();
        }
        return c.send(Request.cmd(Command.XINFO).arg("STREAM").arg(keys.events())).<Void>map(info -> {
            String maxDeleted = RedisReplies.fieldString(info, "max-deleted-entry-id");
            String first = null;
            Response firstEntry = RedisReplies.field(info, "first-entry");
            if (firstEntry != null && firstEntry.size() > 0) {
                first = firstEntry.get(0).toString();
            }
            boolean lost = maxDeleted != null ? StreamEntry.compareIds(maxDeleted, lastId) > 0
                    : first != null && StreamEntry.compareIds(first, lastId) > 0;
            if (lost) {
                gap("the stream was trimmed past this pod's last event " + lastId);
            }
            return null;
        }).recover(err -> {
            // No stream yet (nothing was ever published): nothing can have been missed.
            if (err.getMessage() != null && err.getMessage().contains("no such key")) {
                return Future.succeededFuture();
            }
            return Future.failedFuture(err);
        });
    }

    private Future<Boolean> apply(List<StreamEntry> entries) {
        for (StreamEntry entry : entries) {
            try {
                CacheEvent.decode(entry.fields()).ifPresentOrElse(this::apply, () -> LOG.debugf(
                        "ignoring event %s of unknown type %s (a newer release?)", entry.id(),
                        entry.fields().get(CacheEvent.TYPE)));
            } catch (MalformedEventException ex) {
                malformed.increment();
                LOG.warnf("event %s skipped: %s (origin %s)", entry.id(), ex.getMessage(),
                        entry.fields().get("origin"));
            } catch (RuntimeException ex) {
                LOG.warnf("event %s could not be applied (%s); dropping L1 to stay safe", entry.id(),
                        ex.getMessage());
                dropAll();
            }
            lag.record(Math.max(0, time.currentTimeMillis() - entry.addedAtMillis()), TimeUnit.MILLISECONDS);
            applied.increment();
        }
        return Future.succeededFuture(true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void apply(CacheEvent event) {
        if (event instanceof CacheEvent.KeysChanged changed) {
            TieredCache<?, ?> c = tiers.all().get(changed.cache());
            if (c == null) {
                return;
            }
            List<CacheKey> parsed = new ArrayList<>();
            for (String id : changed.keyIds()) {
                CacheKey k = keys.parse(id);
                if (k != null) {
                    parsed.add(k);
                }
            }
            ((TieredCache) c).invalidateL1(parsed);
        } else if (event instanceof CacheEvent.GroupInvalidated invalidated) {
            for (TieredCache<?, ?> c : tiers.all().values()) {
                if (CacheEvent.EVERY_CACHE.equals(invalidated.cache()) || c.name().equals(invalidated.cache())) {
                    c.invalidateL1Group(invalidated.group());
                }
            }
        } else if (event instanceof CacheEvent.AllInvalidated) {
            dropAll();
        } else if (event instanceof CacheEvent.InstrumentAdded added) {
            instruments.register(added.instrument(), added.id());
        }
    }

    private void gap(String why) {
        LOG.warnf("event gap: %s; dropping this pod's L1", why);
        gaps.increment();
        dropAll();
    }

    private void dropAll() {
        dropsAll.increment();
        for (TieredCache<?, ?> c : tiers.all().values()) {
            c.invalidateL1Everything();
        }
    }

    private void recovered() {
        if (failingSince.getAndSet(0) != 0) {
            LOG.info("event stream reachable again; resuming from " + consumer.position());
        }
        droppedThisOutage = false;
    }

    private void failed(Throwable err) {
        long now = time.currentTimeMillis();
        failingSince.compareAndSet(0, now);
        long since = failingSince.get();
        if (!droppedThisOutage && since != 0 && now - since >= config.events().outageDropAfter().toMillis()) {
            droppedThisOutage = true;
            gap("event stream unreachable for " + Duration.ofMillis(now - since).toSeconds() + "s ("
                    + err.getMessage() + ")");
        }
    }
}
