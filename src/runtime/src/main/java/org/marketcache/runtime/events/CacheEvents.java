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

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
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
 * a connection of its own, and a pod that was disconnected resumes where it stopped. What a pod cannot replay it
 * does not guess about: if the stream was trimmed past its last id (a gap), or it could not reach the stream for
 * {@code outage-drop-after}, it drops its whole L1, so it serves nothing it might have missed an invalidation for.
 * The stream is trimmed to about {@code max-length} entries. Every pod, including the writer, applies every event
 * (the writer has already dropped its own copies; applying again is harmless).
 *
 * <p>Event fields: {@code type} ({@code keys}, {@code group}, {@code all}, {@code instrument}), {@code cache}
 * (a cache name or {@code *}), {@code group}, {@code keys} (ids separated by newlines), {@code id} (an instrument
 * id), {@code origin} (the publishing pod).
 */
@ApplicationScoped
public class CacheEvents {
    private static final Logger LOG = Logger.getLogger(CacheEvents.class);

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
    private volatile String lastId;
    private volatile boolean running;
    private volatile RedisConnection connection;
    private final AtomicLong failingSince = new AtomicLong();
    private volatile boolean droppedThisOutage;
    private Timer lag;
    private Counter gaps;
    private Counter applied;
    private Counter dropsAll;

    /** Starts before the other start-up work (warm-up reads L2 into L1 only once events are being applied). */
    void onStart(@Observes @Priority(10) StartupEvent e) {
        lag = Timer.builder("cache.events.lag").description("Time from an event's publication to its application"
                + " in this pod").publishPercentiles(0.5, 0.99).register(registry);
        gaps = Counter.builder("cache.events.gaps").description("Times this pod found it had missed events and"
                + " dropped its L1").register(registry);
        applied = Counter.builder("cache.events.applied").register(registry);
        dropsAll = Counter.builder("cache.events.l1.dropped").description("Whole-L1 drops (gaps, outages, 'all')")
                .register(registry);
        if (!config.events().consume()) {
            return;
        }
        running = true;
        try {
            Response last = redis.send(Request.cmd(Command.XREVRANGE).arg(keys.events()).arg("+").arg("-")
                    .arg("COUNT").arg(1)).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            lastId = last != null && last.size() > 0 ? last.get(0).get(0).toString() : "0-0";
        } catch (Exception ex) {
            LOG.warnf("event stream %s not reachable at start (%s); L1 stays empty until it is", keys.events(),
                    ex.getMessage());
            lastId = null;
        }
        connectAndRead();
    }

    @PreDestroy
    void stop() {
        running = false;
        RedisConnection c = connection;
        if (c != null) {
            c.close();
        }
    }

    /** The last event id this pod applied (for tests and diagnostics). */
    public String lastApplied() {
        return lastId;
    }

    // ---- publishing ---------------------------------------------------------------------------------------------

    /** These keys of {@code cache} changed or were removed: every pod drops its L1 copies. */
    public CompletionStage<String> keysChanged(String cache, Collection<? extends CacheKey> changed) {
        StringBuilder ids = new StringBuilder();
        for (CacheKey k : changed) {
            if (ids.length() > 0) {
                ids.append('\n');
            }
            ids.append(k.id());
        }
        return publish(List.of("type", "keys", "cache", cache, "keys", ids.toString()));
    }

    /** Every key of {@code cache} ({@code *}: of every cache) in {@code group} was invalidated. */
    public CompletionStage<String> groupInvalidated(String cache, String group) {
        return publish(List.of("type", "group", "cache", cache, "group", group));
    }

    /** Everything was invalidated. */
    public CompletionStage<String> allInvalidated() {
        return publish(List.of("type", "all", "cache", "*"));
    }

    /** A new instrument exists (pods add it to their known set and forget any "unknown"). */
    public CompletionStage<String> instrumentAdded(Instrument instrument, int id) {
        return publish(List.of("type", "instrument", "group", instrument.keyGroup(), "id", Integer.toString(id)));
    }

    private CompletionStage<String> publish(List<String> fields) {
        Request xadd = Request.cmd(Command.XADD).arg(keys.events()).arg("MAXLEN").arg("~")
                .arg(config.events().maxLength()).arg("*");
        for (String f : fields) {
            xadd.arg(f);
        }
        xadd.arg("origin").arg(pod);
        return Deadline.within(redis.send(xadd).toCompletionStage(), Tier.L2, "events", "XADD",
                config.redis().timeout().multipliedBy(5), tiers.redisEndpoint()).thenApply(Response::toString);
    }

    // ---- consuming ----------------------------------------------------------------------------------------------

    private void connectAndRead() {
        if (!running) {
            return;
        }
        redis.connect().onSuccess(c -> {
            connection = c;
            c.exceptionHandler(err -> LOG.debugf("event connection error: %s", err.getMessage()));
            if (lastId == null) {
                // Reached the stream for the first time after a failed start: nothing cached yet, start at the end.
                lastId = "$";
            }
            checkGapThenRead(c);
        }).onFailure(err -> failed(err, null));
    }

    /**
     * Whether events after {@code lastId} were trimmed before this pod read them: Redis 7 reports the largest id
     * it ever removed from the stream ({@code max-deleted-entry-id}); anything up to it that this pod has not read
     * is lost. Older servers lack the field: then a first entry newer than {@code lastId} counts as a gap.
     */
    private void checkGapThenRead(RedisConnection c) {
        if (lastId.equals("$") || lastId.equals("0-0")) {
            read(c);
            return;
        }
        c.send(Request.cmd(Command.XINFO).arg("STREAM").arg(keys.events())).onSuccess(info -> {
            String maxDeleted = field(info, "max-deleted-entry-id");
            String first = null;
            Response firstEntry = fieldResponse(info, "first-entry");
            if (firstEntry != null && firstEntry.size() > 0) {
                first = firstEntry.get(0).toString();
            }
            boolean lost = maxDeleted != null ? compare(maxDeleted, lastId) > 0
                    : first != null && compare(first, lastId) > 0;
            if (lost) {
                gap("the stream was trimmed past this pod's last event " + lastId);
            }
            read(c);
        }).onFailure(err -> {
            // No stream yet (nothing was ever published): nothing can have been missed.
            if (err.getMessage() != null && err.getMessage().contains("no such key")) {
                read(c);
            } else {
                failed(err, c);
            }
        });
    }

    private static Response fieldResponse(Response map, String name) {
        if (map == null) {
            return null;
        }
        if (map.type() == io.vertx.redis.client.ResponseType.MULTI) {
            for (int i = 0; i + 1 < map.size(); i += 2) {
                if (name.equals(map.get(i).toString())) {
                    return map.get(i + 1);
                }
            }
            return null;
        }
        return map.containsKey(name) ? map.get(name) : null;
    }

    private static String field(Response map, String name) {
        Response r = fieldResponse(map, name);
        return r == null ? null : r.toString();
    }

    private void read(RedisConnection c) {
        if (!running) {
            return;
        }
        long blockMillis = config.events().block().toMillis();
        c.send(Request.cmd(Command.XREAD).arg("COUNT").arg(512).arg("BLOCK").arg(blockMillis).arg("STREAMS")
                .arg(keys.events()).arg(lastId)).onSuccess(r -> {
                    recovered();
                    if (r != null) {
                        int n = apply(r);
                        if (n >= 512) {
                            // Far behind: make sure nothing was trimmed under us before reading on.
                            checkGapThenRead(c);
                            return;
                        }
                    }
                    read(c);
                }).onFailure(err -> failed(err, c));
    }

    private int apply(Response streams) {
        int n = 0;
        for (Response stream : streamEntries(streams)) {
            String id = stream.get(0).toString();
            Response fields = stream.get(1);
            String type = null;
            String cache = null;
            String group = null;
            String ids = null;
            String instrumentId = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String name = fields.get(i).toString();
                String value = fields.get(i + 1).toString();
                switch (name) {
                    case "type" -> type = value;
                    case "cache" -> cache = value;
                    case "group" -> group = value;
                    case "keys" -> ids = value;
                    case "id" -> instrumentId = value;
                    default -> {
                    }
                }
            }
            try {
                applyOne(type, cache, group, ids, instrumentId);
            } catch (RuntimeException ex) {
                LOG.warnf("event %s could not be applied (%s); dropping L1 to stay safe", id, ex.getMessage());
                dropAll();
            }
            lastId = id;
            long publishedAt = Long.parseLong(id.substring(0, id.indexOf('-')));
            lag.record(Math.max(0, System.currentTimeMillis() - publishedAt), TimeUnit.MILLISECONDS);
            applied.increment();
            n++;
        }
        return n;
    }

    private static List<Response> streamEntries(Response streams) {
        List<Response> out = new ArrayList<>();
        // XREAD answers [[key, [[id, [f, v, ...]], ...]]] (RESP2) or a map key -> entries (RESP3).
        if (streams.type() == io.vertx.redis.client.ResponseType.MULTI && streams.size() > 0) {
            for (Response s : streams) {
                Response entries = s.size() == 2 && s.get(1) != null
                        && s.get(1).type() == io.vertx.redis.client.ResponseType.MULTI ? s.get(1) : null;
                if (entries == null) {
                    continue;
                }
                for (Response e : entries) {
                    out.add(e);
                }
            }
        } else {
            for (String k : streams.getKeys()) {
                for (Response e : streams.get(k)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void applyOne(String type, String cache, String group, String ids, String instrumentId) {
        if (type == null) {
            return;
        }
        switch (type) {
            case "keys" -> {
                TieredCache<?, ?> c = tiers.all().get(cache);
                if (c == null || ids == null) {
                    return;
                }
                List<CacheKey> parsed = new ArrayList<>();
                for (String id : ids.split("\n")) {
                    CacheKey k = keys.parse(id);
                    if (k != null) {
                        parsed.add(k);
                    }
                }
                ((TieredCache) c).invalidateL1(parsed);
            }
            case "group" -> {
                for (TieredCache<?, ?> c : tiers.all().values()) {
                    if ("*".equals(cache) || c.name().equals(cache)) {
                        c.invalidateL1Group(group);
                    }
                }
            }
            case "all" -> dropAll();
            case "instrument" -> {
                int colon = group.indexOf(':');
                instruments.register(Instrument.of(group.substring(0, colon), group.substring(colon + 1)),
                        Integer.parseInt(instrumentId));
            }
            default -> LOG.debugf("ignoring event of unknown type %s (a newer release?)", type);
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
            LOG.info("event stream reachable again; resuming from " + lastId);
        }
        droppedThisOutage = false;
    }

    private void failed(Throwable err, RedisConnection c) {
        if (c != null) {
            c.close();
        }
        connection = null;
        long now = System.currentTimeMillis();
        failingSince.compareAndSet(0, now);
        long since = failingSince.get();
        if (!droppedThisOutage && since != 0 && now - since >= config.events().outageDropAfter().toMillis()) {
            droppedThisOutage = true;
            gap("event stream unreachable for " + Duration.ofMillis(now - since).toSeconds() + "s ("
                    + err.getMessage() + ")");
        }
        if (running) {
            vertx.setTimer(200, id -> connectAndRead());
        }
    }

    /** Orders stream ids ({@code <ms>-<seq>}). */
    static int compare(String a, String b) {
        int da = a.indexOf('-');
        int db = b.indexOf('-');
        int c = Long.compare(Long.parseLong(a.substring(0, da)), Long.parseLong(b.substring(0, db)));
        return c != 0 ? c : Long.compare(Long.parseLong(a.substring(da + 1)), Long.parseLong(b.substring(db + 1)));
    }
}
