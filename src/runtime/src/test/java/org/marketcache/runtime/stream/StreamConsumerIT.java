package org.marketcache.runtime.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.marketcache.testkit.TestServices;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;

/** The stream loop against the real Redis: both read modes, full batches, unsettled batches, failures. */
class StreamConsumerIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private Vertx vertx;
    private Redis redis;
    private final String stream = "it-stream-consumer:" + UUID.randomUUID() + ":stream";
    private final List<StreamConsumer> started = new ArrayList<>();
    private final List<String> handed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(TestServices.redisUrl()));
    }

    @AfterEach
    void close() throws Exception {
        started.forEach(StreamConsumer::stop);
        send(Request.cmd(Command.DEL).arg(stream));
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void tailHandsOverEveryEntryInOrderAndChecksAgainAfterAFullBatch() throws Exception {
        List<String> ids = add(5);
        AtomicInteger checks = new AtomicInteger();
        StreamConsumer consumer = start(builder().mode(new StreamConsumer.Tail("0-0")).batch(2)
                .beforeReading(c -> {
                    checks.incrementAndGet();
                    return Future.succeededFuture();
                }).handler(this::record));

        Awaitility.await().atMost(WAIT).until(() -> handed.size() == 5);
        assertThat(handed).containsExactlyElementsOf(ids);
        assertThat(consumer.position()).isEqualTo(ids.get(4));
        assertThat(checks).as("on connecting, then after each of the two full batches").hasValue(3);
    }

    @Test
    void tailStartsAtTheEndWhenItHadNoStartingPoint() throws Exception {
        add(2);
        StreamConsumer consumer = start(builder().mode(new StreamConsumer.Tail(null)).handler(this::record));

        Awaitility.await().atMost(WAIT).until(() -> "$".equals(consumer.position()));
        assertThat(handed).isEmpty();
    }

    @Test
    void anUnsettledBatchIsHandedOverAgainAfterTheBackoff() throws Exception {
        List<String> ids = add(2);
        AtomicInteger calls = new AtomicInteger();
        StreamConsumer consumer = start(builder().mode(new StreamConsumer.Tail("0-0"))
                .retryUnsettled(new StreamConsumer.Backoff(Duration.ofMillis(50), Duration.ofMillis(100)))
                .handler(entries -> {
                    record(entries);
                    return Future.succeededFuture(calls.incrementAndGet() >= 3);
                }));

        Awaitility.await().atMost(WAIT).until(() -> calls.get() >= 3);
        assertThat(handed).containsExactly(ids.get(0), ids.get(1), ids.get(0), ids.get(1), ids.get(0), ids.get(1));
        Awaitility.await().atMost(WAIT).until(() -> ids.get(1).equals(consumer.position()));
    }

    @Test
    void aFailedHandlerReconnectsAndReadsTheSameEntriesAgain() throws Exception {
        List<String> ids = add(1);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        start(builder().mode(new StreamConsumer.Tail("0-0")).onFailure(failures::add).handler(entries -> {
            record(entries);
            return calls.incrementAndGet() == 1 ? Future.failedFuture(new IllegalStateException("database down"))
                    : Future.succeededFuture(true);
        }));

        Awaitility.await().atMost(WAIT).until(() -> handed.size() == 2);
        assertThat(handed).containsExactly(ids.get(0), ids.get(0));
        assertThat(failures).extracting(Throwable::getMessage).containsExactly("database down");
    }

    @Test
    void groupTakesOverTheEntriesOfAConsumerThatStopped() throws Exception {
        send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg("g").arg("0").arg("MKSTREAM"));
        List<String> ids = add(3);
        // A consumer that read the entries and died before acknowledging them.
        send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg("g").arg("dead").arg("COUNT").arg(10).arg("STREAMS")
                .arg(stream).arg(">"));

        start(builder().mode(new StreamConsumer.Group("g", "alive", Duration.ofMillis(100))).handler(entries -> {
            record(entries);
            Request ack = Request.cmd(Command.XACK).arg(stream).arg("g");
            entries.forEach(e -> ack.arg(e.id()));
            return redis.send(ack).map(true);
        }));

        Awaitility.await().atMost(WAIT).until(() -> handed.size() == 3);
        assertThat(handed).containsExactlyElementsOf(ids);
        List<String> more = add(1);
        Awaitility.await().atMost(WAIT).until(() -> handed.size() == 4);
        assertThat(handed.get(3)).isEqualTo(more.get(0));
    }

    @Test
    void groupRetriesItsOwnPendingEntriesUntilSettled() throws Exception {
        send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg("g").arg("0").arg("MKSTREAM"));
        AtomicInteger calls = new AtomicInteger();
        start(builder().mode(new StreamConsumer.Group("g", "one", Duration.ofMinutes(1)))
                .retryUnsettled(new StreamConsumer.Backoff(Duration.ofMillis(50), Duration.ofMillis(100)))
                .handler(entries -> {
                    record(entries);
                    if (calls.incrementAndGet() < 3) {
                        return Future.succeededFuture(false);
                    }
                    Request ack = Request.cmd(Command.XACK).arg(stream).arg("g");
                    entries.forEach(e -> ack.arg(e.id()));
                    return redis.send(ack).map(true);
                }));
        List<String> ids = add(1);

        Awaitility.await().atMost(WAIT).until(() -> calls.get() >= 3);
        assertThat(handed).containsExactly(ids.get(0), ids.get(0), ids.get(0));
        Awaitility.await().atMost(WAIT).until(() -> send(Request.cmd(Command.XPENDING).arg(stream).arg("g")).get(0)
                .toLong() == 0);
    }

    private StreamConsumer.Builder builder() {
        return StreamConsumer.builder("test consumer", vertx, redis, stream).batch(10).block(Duration.ofMillis(200))
                .reconnect(StreamConsumer.Backoff.fixed(Duration.ofMillis(50)));
    }

    private StreamConsumer start(StreamConsumer.Builder builder) {
        StreamConsumer consumer = builder.build();
        started.add(consumer);
        consumer.start();
        return consumer;
    }

    private Future<Boolean> record(List<StreamEntry> entries) {
        entries.forEach(e -> handed.add(e.id()));
        return Future.succeededFuture(true);
    }

    private List<String> add(int n) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(send(Request.cmd(Command.XADD).arg(stream).arg("*").arg("n").arg(i)).toString());
        }
        return ids;
    }

    private io.vertx.redis.client.Response send(Request request) throws Exception {
        return redis.send(request).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
