package org.marketcache.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import org.marketcache.runtime.stream.StreamConsumer;
import org.marketcache.runtime.stream.StreamEntry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Drains the write-back log into the database.
 *
 * <p>Design note: exactly once in the database, never lost. A flusher reads entries through the consumer group
 * (so each entry goes to one flusher), writes them with idempotent statements, and only after the commit
 * acknowledges and deletes them. A flusher that dies between read and acknowledgement leaves its entries pending
 * in the group; after {@code claim-idle} another flusher takes them over ({@code XAUTOCLAIM}) and writes them again,
 * which the idempotent statements turn into no change. Each cycle a flusher first retries its own pending entries
 * (after a back-off when the database failed), then claims dead flushers' entries, then reads new ones with a
 * blocking read: the loop is a {@link StreamConsumer} in group mode. An entry that fails {@code max-attempts} times
 * goes to the dead-letter stream with the reason and is removed from the log, so one bad entry cannot block the rest.
 */
@ApplicationScoped
public class WriteBackFlusher {
    private static final Logger LOG = Logger.getLogger(WriteBackFlusher.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration RECONNECT_AFTER = Duration.ofMillis(500);
    private static final Duration BLOCK = Duration.ofSeconds(1);

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
    private volatile StreamConsumer stream;
    private final AtomicInteger inFlight = new AtomicInteger();
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
        MarketCacheConfig.WriteBack settings = config.ingest().writeBack();
        stream = StreamConsumer.builder("write-back flusher", vertx, redis, keys.writeBackLog())
                .mode(new StreamConsumer.Group(WriteBackLog.GROUP, consumer, settings.claimIdle()))
                .batch(settings.batch()).block(BLOCK)
                .reconnect(StreamConsumer.Backoff.fixed(RECONNECT_AFTER))
                .retryUnsettled(new StreamConsumer.Backoff(settings.retryBackoff(), MAX_BACKOFF))
                // On every connection: creating the group at start may have failed, and it goes with the stream.
                .beforeReading(c -> Future.<Void>fromCompletionStage(log.ensureGroup()).otherwiseEmpty())
                .handler(this::process).build();
        log.ensureGroup().whenComplete((v, err) -> {
            if (err != null) {
                LOG.warnf("write-back flusher waits for Redis: %s", err.getMessage());
            }
            stream.start();
        });
    }

    @PreDestroy
    void stop() {
        StreamConsumer s = stream;
        if (s != null) {
            s.stop();
        }
    }

    public String consumer() {
        return consumer;
    }

    /** Processes entries one after the other; true if all were settled (written or dead-lettered). */
    private Future<Boolean> process(List<StreamEntry> entries) {
        Future<Boolean> chain = Future.succeededFuture(true);
        for (StreamEntry entry : entries) {
            chain = chain.compose(ok -> processOne(entry).map(settled -> ok && settled));
        }
        return chain;
    }

    private Future<Boolean> processOne(StreamEntry entry) {
        String id = entry.id();
        Map<String, String> fields = entry.fields();
        DataType type;
        Instrument instrument;
        Batch<?> batch;
        try {
            type = RecordParser.type(fields.get("type"));
            instrument = Instrument.of(fields.get("exchange"), fields.get("symbol"));
            batch = parser.parse(type, fields.getOrDefault("records", "").getBytes(StandardCharsets.UTF_8), false);
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

    /** Entries being written right now (for shutdown diagnostics and tests). */
    public int inFlight() {
        return inFlight.get();
    }
}
