package org.marketcache.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.marketcache.core.engine.Completions;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.cache.DataType;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.runtime.config.MarketCacheConfig;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * Drains the write-back log into the database.
 *
 * <p>Design note: exactly once in the database, never lost. A flusher reads entries through the consumer group
 * (so each entry goes to one flusher), writes them with idempotent statements, and only after the commit
 * acknowledges and deletes them. A flusher that dies between read and acknowledgement leaves its entries pending
 * in the group; after {@code claim-idle} another flusher takes them over ({@code XAUTOCLAIM}) and writes them again,
 * which the idempotent statements turn into no change. Each cycle a flusher first retries its own pending entries
 * (after a back-off when the database failed), then claims dead flushers' entries, then reads new ones with a
 * blocking read. An entry that fails {@code max-attempts} times goes to the dead-letter stream with the reason and
 * is removed from the log, so one bad entry cannot block the rest.
 */
@ApplicationScoped
public class WriteBackFlusher {
    private static final Logger LOG = Logger.getLogger(WriteBackFlusher.class);
    private static final long MAX_BACKOFF_MILLIS = 30_000;

    @Inject
    Redis redis;
    @Inject
    KeySchema keys;
    @Inject
    MarketCacheConfig config;
    @Inject
    WriteBackLog log;
    @Inject
    SourceWriter writer;
    @Inject
    MeterRegistry registry;
    @Inject
    Vertx vertx;

    private final String consumer = "flusher-" + UUID.randomUUID().toString().substring(0, 8);
    private volatile boolean running;
    private volatile RedisConnection connection;
    private final AtomicInteger inFlight = new AtomicInteger();
    private long backoffMillis;
    private RecordParser parser;
    private Counter flushed;
    private Counter failures;
    private Counter deadLettered;

    void onStart(@Observes StartupEvent e) {
        if (!config.ingest().writeBack().flusher()) {
            return;
        }
        parser = new RecordParser(Integer.MAX_VALUE);
        flushed = Counter.builder("cache.writeback.flushed").description("Write-back log entries committed to the"
                + " database").register(registry);
        failures = Counter.builder("cache.writeback.failures").register(registry);
        deadLettered = Counter.builder("cache.writeback.deadlettered").register(registry);
        running = true;
        log.ensureGroup().whenComplete((v, err) -> {
            if (err != null) {
                LOG.warnf("write-back flusher waits for Redis: %s", err.getMessage());
            }
            connect();
        });
    }

    @PreDestroy
    void stop() {
        running = false;
        RedisConnection c = connection;
        if (c != null) {
            c.close();
        }
    }

    public String consumer() {
        return consumer;
    }

    private void connect() {
        if (!running) {
            return;
        }
        redis.connect().onSuccess(c -> {
            connection = c;
            log.ensureGroup().whenComplete((v, err) -> cycle(c));
        }).onFailure(err -> retryLater(err, null));
    }

    /** Own pending entries, then dead flushers' entries, then new ones; then again. */
    private void cycle(RedisConnection c) {
        if (!running) {
            return;
        }
        int batch = config.ingest().writeBack().batch();
        readGroup(c, "0", batch, 0).compose(own -> process(own))
                .compose(okOwn -> autoclaim(c, batch).compose(this::process).map(okClaimed -> okOwn && okClaimed))
                .compose(ok -> {
                    if (!ok) {
                        return backoff().map(v -> false);
                    }
                    backoffMillis = 0;
                    return readGroup(c, ">", batch, 1000).compose(this::process);
                }).onSuccess(v -> vertx.runOnContext(x -> cycle(c))).onFailure(err -> retryLater(err, c));
    }

    private Future<List<Response>> readGroup(RedisConnection c, String from, int count, long blockMillis) {
        Request r = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(WriteBackLog.GROUP).arg(consumer).arg("COUNT")
                .arg(count);
        if (blockMillis > 0) {
            r.arg("BLOCK").arg(blockMillis);
        }
        r.arg("STREAMS").arg(keys.writeBackLog()).arg(from);
        return c.send(r).map(WriteBackFlusher::entries);
    }

    private Future<List<Response>> autoclaim(RedisConnection c, int count) {
        return c.send(Request.cmd(Command.XAUTOCLAIM).arg(keys.writeBackLog()).arg(WriteBackLog.GROUP).arg(consumer)
                .arg(config.ingest().writeBack().claimIdle().toMillis()).arg("0-0").arg("COUNT").arg(count))
                .map(r -> {
                    List<Response> out = new ArrayList<>();
                    if (r != null && r.size() >= 2 && r.get(1) != null) {
                        for (Response e : r.get(1)) {
                            if (e != null && e.size() == 2 && e.get(1) != null) {
                                out.add(e);
                            }
                        }
                    }
                    if (!out.isEmpty()) {
                        LOG.infof("write-back: took over %d entries of a flusher that stopped", out.size());
                    }
                    return out;
                });
    }

    /** Processes entries one after the other; true if all were settled (written or dead-lettered). */
    private Future<Boolean> process(List<Response> entries) {
        Future<Boolean> chain = Future.succeededFuture(true);
        for (Response entry : entries) {
            chain = chain.compose(ok -> processOne(entry).map(settled -> ok && settled));
        }
        return chain;
    }

    private Future<Boolean> processOne(Response entry) {
        String id = entry.get(0).toString();
        Map<String, String> fields = new LinkedHashMap<>();
        Response f = entry.get(1);
        for (int i = 0; i + 1 < f.size(); i += 2) {
            fields.put(f.get(i).toString(), f.get(i + 1).toString());
        }
        DataType type;
        Instrument instrument;
        Batch<?> batch;
        try {
            type = RecordParser.type(fields.get("type"));
            instrument = Instrument.of(fields.get("exchange"), fields.get("symbol"));
            batch = parser.parse(type, fields.getOrDefault("records", "").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    false);
        } catch (RuntimeException e) {
            return deadLetter(id, fields, "unreadable entry: " + e.getMessage()).map(true);
        }
        List<?> records = batch.byInstrument().getOrDefault(instrument, List.of());
        inFlight.incrementAndGet();
        Promise<Boolean> done = Promise.promise();
        writer.write(type, instrument, records).whenComplete((n, err) -> {
            inFlight.decrementAndGet();
            if (err == null) {
                flushed.increment();
                acknowledge(id).onComplete(ar -> done.complete(true));
                return;
            }
            failures.increment();
            String why = Completions.unwrap(err).getMessage();
            attempts(id).onComplete(ar -> {
                long attempts = ar.succeeded() ? ar.result() : 1;
                if (attempts >= config.ingest().writeBack().maxAttempts()) {
                    deadLetter(id, fields, "failed " + attempts + " times; last: " + why)
                            .onComplete(x -> done.complete(true));
                } else {
                    LOG.warnf("write-back entry %s failed (attempt %d of %d): %s", id, attempts,
                            config.ingest().writeBack().maxAttempts(), why);
                    done.complete(false);
                }
            });
        });
        return done.future();
    }

    private Future<Long> attempts(String id) {
        return redis.send(Request.cmd(Command.HINCRBY).arg(attemptsKey()).arg(id).arg(1)).map(Response::toLong);
    }

    private String attemptsKey() {
        return keys.writeBackAttempts();
    }

    private Future<Void> acknowledge(String id) {
        return redis.batch(List.of(Request.cmd(Command.XACK).arg(keys.writeBackLog()).arg(WriteBackLog.GROUP).arg(id),
                Request.cmd(Command.XDEL).arg(keys.writeBackLog()).arg(id),
                Request.cmd(Command.HDEL).arg(attemptsKey()).arg(id))).mapEmpty();
    }

    private Future<Void> deadLetter(String id, Map<String, String> fields, String reason) {
        deadLettered.increment();
        LOG.errorf("write-back entry %s moved to %s: %s", id, keys.writeBackDeadLetters(), reason);
        Request xadd = Request.cmd(Command.XADD).arg(keys.writeBackDeadLetters()).arg("*").arg("entry").arg(id)
                .arg("reason").arg(reason);
        fields.forEach((k, v) -> xadd.arg(k).arg(v));
        return redis.send(xadd).compose(r -> acknowledge(id));
    }

    private Future<Void> backoff() {
        backoffMillis = backoffMillis == 0 ? config.ingest().writeBack().retryBackoff().toMillis()
                : Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        Promise<Void> p = Promise.promise();
        vertx.setTimer(backoffMillis, t -> p.complete());
        return p.future();
    }

    private void retryLater(Throwable err, RedisConnection c) {
        if (c != null) {
            c.close();
        }
        connection = null;
        if (!running) {
            return;
        }
        LOG.debugf("write-back flusher: %s; retrying", err.getMessage());
        vertx.setTimer(500, t -> connect());
    }

    static List<Response> entries(Response r) {
        List<Response> out = new ArrayList<>();
        if (r == null) {
            return out;
        }
        if (r.type() == ResponseType.MULTI) {
            for (Response stream : r) {
                if (stream != null && stream.size() == 2 && stream.get(1) != null) {
                    for (Response e : stream.get(1)) {
                        if (e != null && e.size() == 2 && e.get(1) != null) {
                            out.add(e);
                        }
                    }
                }
            }
        } else {
            for (String k : r.getKeys()) {
                for (Response e : r.get(k)) {
                    if (e != null && e.size() == 2 && e.get(1) != null) {
                        out.add(e);
                    }
                }
            }
        }
        return out;
    }

    /** Entries being written right now (for shutdown diagnostics and tests). */
    public int inFlight() {
        return inFlight.get();
    }
}
