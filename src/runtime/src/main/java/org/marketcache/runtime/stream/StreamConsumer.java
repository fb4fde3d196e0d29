package org.marketcache.runtime.stream;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;

/**
 * Reads one Redis Stream for as long as the process runs and hands each batch of entries to a {@link Handler}.
 *
 * <p>Design note. Blocking reads hold a connection, so the consumer owns one (not the shared pool) and loops on it:
 * connect, run the {@code beforeReading} check, read, hand the batch over, read again. Any failure (of a read, the
 * check or the handler's future) closes the connection, tells the {@code onFailure} listener, and reconnects after
 * the reconnect back-off. Two read modes:
 * <ol>
 *   <li>{@link Tail}: {@code XREAD} from the last id handed over, every reader sees every entry. A reader that
 *       started before the stream was reachable starts at {@code $} (new entries only). After a full batch the
 *       reader may be far behind, so {@code beforeReading} runs again (entries may have been trimmed under it).</li>
 *   <li>{@link Group}: {@code XREADGROUP} in a consumer group, each entry goes to one consumer and stays pending
 *       until the handler acknowledges it. Each cycle reads this consumer's own pending entries, then takes over
 *       ({@code XAUTOCLAIM}) entries idle for {@code claimIdle} (their consumer died), then blocks for new ones.</li>
 * </ol>
 * A handler answers whether it settled every entry; if not, the consumer waits for the retry back-off (doubling up
 * to its maximum, reset by a settled batch) and reads the same entries again: in tail mode from the same id, in
 * group mode from the pending list.
 */
public final class StreamConsumer {
    private static final Logger LOG = Logger.getLogger(StreamConsumer.class);

    /** Takes one non-empty batch; completes with whether every entry was settled (false: retry after back-off). */
    @FunctionalInterface
    public interface Handler {
        Future<Boolean> handle(List<StreamEntry> entries);
    }

    /** How the stream is read: {@link Tail} or {@link Group}. */
    public sealed interface ReadMode permits Tail, Group {
    }

    /** Every reader sees every entry, starting after {@code startId} ({@code null}: at {@code $} on connecting). */
    public record Tail(String startId) implements ReadMode {
    }

    /** Entries shared out in consumer group {@code group}; pending entries idle {@code claimIdle} are taken over. */
    public record Group(String group, String consumer, Duration claimIdle) implements ReadMode {
        public Group {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(consumer, "consumer");
            requirePositive("claimIdle", claimIdle);
        }
    }

    /** Waits {@code first}, then doubling up to {@code max}. */
    public record Backoff(Duration first, Duration max) {
        public Backoff {
            requirePositive("first", first);
            requirePositive("max", max);
            if (max.compareTo(first) < 0) {
                throw new IllegalArgumentException("back-off max must not be below first: " + max + " < " + first);
            }
        }

        /** The same wait every time. */
        public static Backoff fixed(Duration wait) {
            return new Backoff(wait, wait);
        }

        long nextMillis(long previousMillis) {
            return previousMillis == 0 ? first.toMillis() : Math.min(max.toMillis(), previousMillis * 2);
        }
    }

    private final String name;
    private final Vertx vertx;
    private final Redis redis;
    private final String stream;
    private final ReadMode mode;
    private final int batch;
    private final Duration block;
    private final Backoff reconnect;
    private final Backoff retry;
    private final Handler handler;
    private final Function<RedisConnection, Future<Void>> beforeReading;
    private final Runnable onRead;
    private final Consumer<Throwable> onFailure;

    private volatile boolean running;
    private volatile RedisConnection connection;
    private volatile String position;
    private long reconnectMillis;
    private long retryMillis;

    private StreamConsumer(Builder b) {
        this.name = b.name;
        this.vertx = Objects.requireNonNull(b.vertx, "vertx");
        this.redis = Objects.requireNonNull(b.redis, "redis");
        this.stream = Objects.requireNonNull(b.stream, "stream");
        this.mode = Objects.requireNonNull(b.mode, name + ": read mode (tail or group) must be set");
        if (b.batch <= 0) {
            throw new IllegalArgumentException(name + ": batch must be positive: " + b.batch);
        }
        this.batch = b.batch;
        this.block = requirePositive(name + ": block", b.block);
        this.reconnect = Objects.requireNonNull(b.reconnect, name + ": reconnect back-off must be set");
        this.retry = b.retry != null ? b.retry : b.reconnect;
        this.handler = Objects.requireNonNull(b.handler, name + ": handler must be set");
        this.beforeReading = b.beforeReading;
        this.onRead = b.onRead;
        this.onFailure = b.onFailure;
        this.position = mode instanceof Tail t ? t.startId() : null;
    }

    public static Builder builder(String name, Vertx vertx, Redis redis, String stream) {
        return new Builder(name, vertx, redis, stream);
    }

    /** Connects and starts reading; returns at once. */
    public void start() {
        running = true;
        connect();
    }

    /** Stops reading and closes the connection (an in-flight handler still completes). */
    public void stop() {
        running = false;
        RedisConnection c = connection;
        if (c != null) {
            c.close();
        }
    }

    /** Tail mode: the id of the last entry handed over ({@code $} before the first, null before connecting). */
    public String position() {
        return position;
    }

    public String stream() {
        return stream;
    }

    private void connect() {
        if (!running) {
            return;
        }
        redis.connect().onSuccess(c -> {
            connection = c;
            c.exceptionHandler(err -> LOG.debugf("%s: connection error: %s", name, err.getMessage()));
            if (mode instanceof Tail && position == null) {
                position = "$";
            }
            beforeReading.apply(c).onSuccess(v -> next(c)).onFailure(err -> failed(err, c));
        }).onFailure(err -> failed(err, null));
    }

    private void next(RedisConnection c) {
        if (!running) {
            return;
        }
        Future<Void> cycle = mode instanceof Group g ? groupCycle(c, g) : tailCycle(c);
        cycle.onSuccess(v -> vertx.runOnContext(x -> next(c))).onFailure(err -> failed(err, c));
    }

    private Future<Void> tailCycle(RedisConnection c) {
        String from = position;
        return c.send(Request.cmd(Command.XREAD).arg("COUNT").arg(batch).arg("BLOCK").arg(block.toMillis())
                .arg("STREAMS").arg(stream).arg(from)).compose(r -> {
                    readSucceeded();
                    List<StreamEntry> entries = RedisReplies.streamEntries(r);
                    return handle(entries).compose(settled -> {
                        if (!settled) {
                            return retryLater();
                        }
                        retryMillis = 0;
                        if (!entries.isEmpty()) {
                            position = entries.get(entries.size() - 1).id();
                        }
                        // A full batch: far behind, so check that nothing was trimmed under us before reading on.
                        return entries.size() >= batch ? beforeReading.apply(c) : Future.succeededFuture();
                    });
                });
    }

    /** Own pending entries, then dead consumers' entries, then new ones. */
    private Future<Void> groupCycle(RedisConnection c, Group g) {
        return readGroup(c, g, "0", 0).compose(this::handle)
                .compose(ownSettled -> claim(c, g).compose(this::handle).map(claimedSettled -> ownSettled
                        && claimedSettled))
                .compose(settled -> {
                    if (!settled) {
                        return retryLater();
                    }
                    retryMillis = 0;
                    return readGroup(c, g, ">", block.toMillis()).compose(this::handle).mapEmpty();
                });
    }

    private Future<List<StreamEntry>> readGroup(RedisConnection c, Group g, String from, long blockMillis) {
        Request r = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(g.group()).arg(g.consumer()).arg("COUNT")
                .arg(batch);
        if (blockMillis > 0) {
            r.arg("BLOCK").arg(blockMillis);
        }
        r.arg("STREAMS").arg(stream).arg(from);
        return c.send(r).map(reply -> {
            readSucceeded();
            return RedisReplies.streamEntries(reply);
        });
    }

    private Future<List<StreamEntry>> claim(RedisConnection c, Group g) {
        return c.send(Request.cmd(Command.XAUTOCLAIM).arg(stream).arg(g.group()).arg(g.consumer())
                .arg(g.claimIdle().toMillis()).arg("0-0").arg("COUNT").arg(batch)).map(reply -> {
                    List<StreamEntry> taken = RedisReplies.claimedEntries(reply);
                    if (!taken.isEmpty()) {
                        LOG.infof("%s: took over %d entries of a consumer that stopped", name, taken.size());
                    }
                    return taken;
                });
    }

    private Future<Boolean> handle(List<StreamEntry> entries) {
        return entries.isEmpty() ? Future.succeededFuture(true) : handler.handle(entries);
    }

    private Future<Void> retryLater() {
        retryMillis = retry.nextMillis(retryMillis);
        Promise<Void> p = Promise.promise();
        vertx.setTimer(retryMillis, t -> p.complete());
        return p.future();
    }

    private void readSucceeded() {
        reconnectMillis = 0;
        onRead.run();
    }

    private void failed(Throwable err, RedisConnection c) {
        if (c != null) {
            c.close();
        }
        connection = null;
        onFailure.accept(err);
        if (!running) {
            return;
        }
        reconnectMillis = reconnect.nextMillis(reconnectMillis);
        LOG.debugf("%s: %s; reconnecting in %d ms", name, err.getMessage(), reconnectMillis);
        vertx.setTimer(reconnectMillis, t -> connect());
    }

    private static Duration requirePositive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration: " + d);
        }
        return d;
    }

    /** Collects the settings of one {@link StreamConsumer}; {@link #build()} checks them. */
    public static final class Builder {
        private final String name;
        private final Vertx vertx;
        private final Redis redis;
        private final String stream;
        private ReadMode mode;
        private int batch;
        private Duration block;
        private Backoff reconnect;
        private Backoff retry;
        private Handler handler;
        private Function<RedisConnection, Future<Void>> beforeReading = c -> Future.succeededFuture();
        private Runnable onRead = () -> {
        };
        private Consumer<Throwable> onFailure = err -> {
        };

        private Builder(String name, Vertx vertx, Redis redis, String stream) {
            this.name = Objects.requireNonNull(name, "name");
            this.vertx = vertx;
            this.redis = redis;
            this.stream = stream;
        }

        /** {@link Tail} or {@link Group}. */
        public Builder mode(ReadMode mode) {
            this.mode = mode;
            return this;
        }

        /** Most entries one read returns ({@code COUNT}). */
        public Builder batch(int batch) {
            this.batch = batch;
            return this;
        }

        /** How long one blocking read waits for new entries ({@code BLOCK}). */
        public Builder block(Duration block) {
            this.block = block;
            return this;
        }

        /** Wait before reconnecting after a failure (reset by a successful read). */
        public Builder reconnect(Backoff reconnect) {
            this.reconnect = reconnect;
            return this;
        }

        /** Wait before reading entries again that the handler did not settle (default: the reconnect back-off). */
        public Builder retryUnsettled(Backoff retry) {
            this.retry = retry;
            return this;
        }

        public Builder handler(Handler handler) {
            this.handler = handler;
            return this;
        }

        /**
         * Runs on each new connection before the first read and, in tail mode, after a full batch; a failed
         * future counts as a connection failure.
         */
        public Builder beforeReading(Function<RedisConnection, Future<Void>> check) {
            this.beforeReading = Objects.requireNonNull(check, "beforeReading");
            return this;
        }

        /** Told of every successful read (the stream is reachable). */
        public Builder onRead(Runnable listener) {
            this.onRead = Objects.requireNonNull(listener, "onRead");
            return this;
        }

        /** Told of every failure, before the reconnect is scheduled. */
        public Builder onFailure(Consumer<Throwable> listener) {
            this.onFailure = Objects.requireNonNull(listener, "onFailure");
            return this;
        }

        public StreamConsumer build() {
            return new StreamConsumer(this);
        }
    }
}
