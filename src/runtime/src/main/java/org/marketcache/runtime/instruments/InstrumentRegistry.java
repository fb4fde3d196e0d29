package org.marketcache.runtime.instruments;

import org.marketcache.store.InstrumentRecord;
import org.marketcache.store.MarketDataStore;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.marketcache.core.NotFoundException;
import org.marketcache.core.engine.Completions;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.runtime.config.MarketCacheConfig;
import org.marketcache.store.InstrumentIds;
import org.marketcache.runtime.fault.FaultGuards;
import org.marketcache.runtime.live.LiveConfig;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * Which instruments exist, so that junk symbols never reach the database.
 *
 * <p>Every pod keeps the known set in memory (loaded at start, reloaded every
 * {@code marketcache.negative-cache.known-refresh}, extended by lookups and ingest). An instrument not in the set
 * is looked up once per pod at a time (single flight), first in L2's negative cache ({@code unknown:{group}},
 * shared by all pods), then in the database; if it does not exist, "unknown" is remembered in this pod and in L2
 * for {@code marketcache.negative-cache.ttl}. A flood of random symbols therefore costs at most one database query
 * per symbol per TTL across the whole cluster, and the per-pod memory for it is bounded.
 */
@ApplicationScoped
public class InstrumentRegistry implements InstrumentIds {
    private static final Logger LOG = Logger.getLogger(InstrumentRegistry.class);

    @Inject
    MarketDataStore store;
    @Inject
    MarketCacheConfig config;
    @Inject
    Redis redis;
    @Inject
    KeySchema keys;
    @Inject
    FaultGuards guards;
    @Inject
    LiveConfig live;

    private final ConcurrentHashMap<Instrument, Integer> known = new ConcurrentHashMap<>();
    private final Set<String> exchanges = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Instrument, CompletableFuture<Integer>> inflight = new ConcurrentHashMap<>();
    private Cache<Instrument, Boolean> unknown;

    @PostConstruct
    void init() {
        unknown = Caffeine.newBuilder().maximumSize(config.negativeCache().maximumSize())
                .expireAfter(Expiry.creating((Instrument i, Boolean b) -> live.settings().negativeCacheTtl())).build();
    }

    void onStart(@Observes StartupEvent e) {
        reload();
    }

    @Scheduled(every = "${marketcache.negative-cache.known-refresh}", delayed = "${marketcache.negative-cache.known-refresh}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    CompletionStage<Void> scheduledReload() {
        return reload();
    }

    /** Reloads the known set from the database; a failure is logged and the current set kept. */
    public CompletionStage<Void> reload() {
        return store.instruments().subscribeAsCompletionStage().handle((list, err) -> {
            if (err != null) {
                LOG.warnf("could not load the known instruments (keeping %d): %s", known.size(),
                        Completions.unwrap(err).getMessage());
                return null;
            }
            for (InstrumentRecord r : list) {
                register(r.instrument(), r.id());
            }
            return null;
        });
    }

    public boolean isKnown(Instrument instrument) {
        return known.containsKey(instrument);
    }

    /** Records an instrument that exists (after a lookup or an ingest) and forgets any "unknown" about it. */
    public void register(Instrument instrument, int id) {
        known.put(instrument, id);
        exchanges.add(instrument.exchange().id());
        unknown.invalidate(instrument);
    }

    public int knownCount() {
        return known.size();
    }

    /** The instrument's id, or a {@link NotFoundException} naming the unknown exchange or symbol. */
    public CompletionStage<Integer> require(Instrument instrument) {
        Integer id = known.get(instrument);
        if (id != null) {
            return CompletableFuture.completedFuture(id);
        }
        if (unknown.getIfPresent(instrument) != null) {
            return CompletableFuture.failedFuture(notFound(instrument));
        }
        CompletableFuture<Integer> mine = new CompletableFuture<>();
        CompletableFuture<Integer> running = inflight.putIfAbsent(instrument, mine);
        if (running != null) {
            return running;
        }
        lookup(instrument).whenComplete((v, err) -> {
            inflight.remove(instrument, mine);
            if (err != null) {
                mine.completeExceptionally(Completions.unwrap(err));
            } else {
                mine.complete(v);
            }
        });
        return mine;
    }

    private CompletionStage<Integer> lookup(Instrument instrument) {
        String negativeKey = keys.unknown(instrument.keyGroup());
        return guards.redis(() -> redis.send(Request.cmd(Command.GET).arg(negativeKey)).toCompletionStage())
                .handle((r, err) -> err == null && r != null)
                .thenCompose(knownUnknown -> {
                    if (knownUnknown) {
                        unknown.put(instrument, Boolean.TRUE);
                        return CompletableFuture.failedFuture(notFound(instrument));
                    }
                    return store.instrumentId(instrument).subscribeAsCompletionStage().thenApply(found -> {
                        if (found.isPresent()) {
                            register(instrument, found.get());
                            return found.get();
                        }
                        unknown.put(instrument, Boolean.TRUE);
                        long ttl = live.settings().negativeCacheTtl().toMillis();
                        guards.redis(() -> redis.send(Request.cmd(Command.SET).arg(negativeKey).arg("1").arg("PX")
                                .arg(ttl)).toCompletionStage());
                        throw notFound(instrument);
                    });
                });
    }

    private NotFoundException notFound(Instrument instrument) {
        String exchange = instrument.exchange().id();
        if (!exchanges.isEmpty() && !exchanges.contains(exchange)) {
            return new NotFoundException("UNKNOWN_EXCHANGE", "exchange", "unknown exchange '" + exchange
                    + "'; known: " + String.join(", ", new TreeSet<>(exchanges)));
        }
        return new NotFoundException("UNKNOWN_SYMBOL", "symbol", "unknown symbol " + instrument.symbol() + " on "
                + exchange);
    }
}
