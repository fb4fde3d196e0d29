package org.marketcache.ingest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.marketcache.core.MarketCacheException;
import org.marketcache.core.tier.Tier;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.cache.DataType;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.config.MarketCacheConfig;
import org.marketcache.runtime.redis.Deadline;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * The durable write-back log: a Redis Stream ({@code <prefix>:v1:wb}) with one consumer group of flushers. An
 * accepted write-back batch is one entry per instrument; flushers delete entries only after the database has
 * committed them, so the stream length is the backlog, and past {@code max-pending} ingest refuses with 503 instead
 * of growing without bound. The log is as durable as Redis is configured to be (AOF and replicas in production,
 * see docs/consistency.md).
 */
@ApplicationScoped
public class WriteBackLog {
    public static final String GROUP = "flushers";

    @Inject
    Redis redis;
    @Inject
    KeySchema keys;
    @Inject
    MarketCacheConfig config;
    @Inject
    CacheTiers tiers;

    /** Thrown when the log is too long: answered 503 with {@code Retry-After}. */
    public static final class Backpressure extends MarketCacheException {
        public Backpressure(String message) {
            super("WRITE_BACK_BACKLOG", message);
        }
    }

    /** Refuses (with {@link Backpressure}) when the flushers are too far behind. */
    public CompletionStage<Void> checkRoom() {
        return call(Request.cmd(Command.XLEN).arg(keys.writeBackLog()), "XLEN").thenCompose(r -> {
            long pending = r.toLong();
            long max = config.ingest().writeBack().maxPending();
            if (pending >= max) {
                return CompletableFuture.failedFuture(new Backpressure("the write-back log holds " + pending
                        + " batches waiting for the database (limit " + max + "); retry shortly"));
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Appends one instrument's records; completes with the entry id once Redis has it. */
    public CompletionStage<String> append(DataType type, Instrument instrument, String recordsJson) {
        return call(Request.cmd(Command.XADD).arg(keys.writeBackLog()).arg("*").arg("type").arg(type.label())
                .arg("exchange").arg(instrument.exchange().id()).arg("symbol").arg(instrument.symbol().toString())
                .arg("records").arg(recordsJson), "XADD").thenApply(Response::toString);
    }

    /** Creates the consumer group (from the start of the stream) if it does not exist yet. */
    public CompletionStage<Void> ensureGroup() {
        return redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(keys.writeBackLog()).arg(GROUP).arg("0")
                .arg("MKSTREAM")).toCompletionStage().handle((r, err) -> {
                    if (err != null && (err.getMessage() == null || !err.getMessage().contains("BUSYGROUP"))) {
                        throw new MarketCacheException("L2_UNAVAILABLE", "cannot create the write-back consumer"
                                + " group: " + err.getMessage(), err);
                    }
                    return null;
                });
    }

    private CompletionStage<Response> call(Request r, String op) {
        return Deadline.within(redis.send(r).toCompletionStage(), Tier.L2, "write-back", op,
                config.redis().timeout().multipliedBy(5), tiers.redisEndpoint());
    }
}
