package org.marketcache.read;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.MarketDataStore;
import org.marketcache.runtime.read.MarketDataReader;
import org.marketcache.warm.HotKey;
import org.marketcache.warm.HotKeyPublisher;
import org.marketcache.warm.HotKeyRanking;
import org.marketcache.testkit.CandleSeeding;
import org.marketcache.testkit.MarketCacheTestResource;
import org.marketcache.testkit.MarketFixtures;
import org.marketcache.testkit.TestServices;
import org.marketcache.marketdata.query.CandleQuery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A new read pod is warm before it reports ready. The test application plays the running pods (it serves reads,
 * samples them and publishes the ranking; its reads filled L2); the new pod is the packaged read function started
 * as a separate JVM on the same database and Redis prefix (robust on 2 cores: one extra JVM at a time, no second
 * Quarkus app in this JVM). Its readiness is polled from the moment it listens: every answer before it is ready
 * must be DOWN, and the first UP must already say {@code warm=true} with the hot keys in L1, so the first request
 * for a hot key is an L1 hit. Then a pod whose Redis does not answer: it still becomes ready, after its
 * {@code on-start.timeout}, and says it is not warm.
 */
@QuarkusTest
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NewPodStartsWarmIT {
    static final Instrument SOL = Instrument.of("huobi", "SOL/USDT");
    static final long NOW = System.currentTimeMillis();
    static final long LIVE = Timeframe.M1.align(NOW);
    static final long FROM = LIVE - 8 * 3_600_000L;
    static final long TO = LIVE - 4 * 3_600_000L;
    static final String HOT = "/v1/candles/huobi/SOL-USDT?timeframe=1m&from=" + FROM + "&to=" + TO;
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    MarketDataStore store;
    @Inject
    InstrumentRegistry instruments;
    @Inject
    CacheTiers tiers;
    @Inject
    KeySchema keys;
    @Inject
    HotKeyPublisher publisher;
    @Inject
    HotKeyRanking ranking;
    @Inject
    MarketDataReader reader;

    @BeforeAll
    void seed() {
        int id = store.ensureInstrument(SOL).await().atMost(Duration.ofSeconds(10));
        CandleSeeding.upsert(MarketFixtures.candles(LIVE - 10 * 3_600_000L, LIVE + 60_000L, new BigDecimal("150.25"),
                false), batch -> store.upsertCandles(id, batch));
        instruments.reload().toCompletableFuture().join();
    }

    Map<String, String> podConfig() {
        Map<String, String> c = new HashMap<>();
        c.put("quarkus.datasource.jdbc.url", MarketCacheTestResource.database().jdbcUrl());
        c.put("quarkus.datasource.reactive.url", MarketCacheTestResource.database().reactiveUrl());
        c.put("quarkus.datasource.username", TestServices.dbUser());
        c.put("quarkus.datasource.password", TestServices.dbPassword());
        c.put("quarkus.flyway.migrate-at-start", "false");
        c.put("quarkus.redis.hosts", TestServices.redisUrl());
        c.put("marketcache.redis.key-prefix", MarketCacheTestResource.keyPrefix());
        c.put("marketcache.warmup.critical", "");
        return c;
    }

    @Test
    void aNewPodFillsItsL1FromTheHotSetBeforeItReportsReady() throws Exception {
        for (int i = 0; i < 10; i++) {
            given().get(HOT).then().statusCode(200);
        }
        publisher.publish().toCompletableFuture().get(5, TimeUnit.SECONDS);
        long now = System.currentTimeMillis();
        List<SeriesKey> hotKeys = reader.candleKeys(SOL, Timeframe.M1,
                CandleQuery.parse("huobi", "SOL/USDT", "1m", Long.toString(FROM), Long.toString(TO), null, 500, 1500)
                        .range(now), now);
        assertThat(ranking.top(10).toCompletableFuture().get(5, TimeUnit.SECONDS)).extracting(HotKey::id)
                .containsAll(hotKeys.stream().map(SeriesKey::id).toList());
        Awaitility.await("the hot chunks are in L2").atMost(Duration.ofSeconds(10)).until(() -> tiers
                .candles(Timeframe.M1).view().readL2(hotKeys).toCompletableFuture().get(5, TimeUnit.SECONDS).entries()
                .size() == hotKeys.size());

        Map<String, String> config = podConfig();
        config.put("marketcache.warmup.on-start.timeout", "60s");
        try (PodProcess pod = PodProcess.start("new-pod-warm", config)) {
            List<Integer> before = new ArrayList<>();
            PodProcess.Reply ready = awaitReady(pod, before);
            JsonNode check = check(ready.body(), "marketcache-l1-warmup");
            assertThat(before).as("every readiness answer before UP was DOWN (503)").allMatch(s -> s == 503);
            assertThat(check.path("data").path("warm").asBoolean()).as(ready.body()).isTrue();
            assertThat(check.path("data").path("loadedKeys").asInt()).isGreaterThanOrEqualTo(hotKeys.size());
            PodProcess.Reply first = pod.get(HOT);
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.xCache()).as("the first request for a hot key on the new pod").isEqualTo("L1");
        }
    }

    @Test
    void aPodThatCannotWarmInTimeStillBecomesReadyAndSaysSo() throws Exception {
        // A Redis that accepts connections, reads what it is sent and never answers: every call waits for its
        // (long) deadline, so the start-up warm cannot finish within its 2 s limit.
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!blackHole.isClosed()) {
                    try {
                        Socket s = blackHole.accept();
                        held.add(s);
                        Thread drain = new Thread(() -> {
                            try {
                                s.getInputStream().transferTo(OutputStream.nullOutputStream());
                            } catch (IOException ignored) {
                                // closed at the end of the test
                            }
                        });
                        drain.setDaemon(true);
                        drain.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "black-hole-redis");
            acceptor.setDaemon(true);
            acceptor.start();
            Map<String, String> config = podConfig();
            config.put("quarkus.redis.hosts", "redis://127.0.0.1:" + blackHole.getLocalPort());
            config.put("marketcache.redis.timeout", "60s");
            config.put("marketcache.warmup.on-start.timeout", "2s");
            try (PodProcess pod = PodProcess.start("new-pod-cold", config)) {
                PodProcess.Reply ready = awaitReady(pod, new ArrayList<>());
                JsonNode check = check(ready.body(), "marketcache-l1-warmup");
                assertThat(check.path("status").asText()).isEqualTo("UP");
                assertThat(check.path("data").path("warm").asBoolean()).as(ready.body()).isFalse();
                // Normally the 2 s limit passes first; should the client give up on the silent Redis sooner, the
                // check reports that failure instead. Either way: ready, not warm, and why.
                assertThat(check.path("data").path("reason").asText()).as(ready.body())
                        .containsAnyOf("not warm within 2000ms", "start-up warm failed");
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    /** Polls readiness until UP (200); the statuses seen before, once the pod listened, go to {@code before}. */
    static PodProcess.Reply awaitReady(PodProcess pod, List<Integer> before) throws Exception {
        PodProcess.Reply[] last = new PodProcess.Reply[1];
        Awaitility.await("the new pod reports ready").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(25)).until(() -> {
                    if (!pod.alive()) {
                        throw new AssertionError("the pod exited:\n" + pod.log());
                    }
                    PodProcess.Reply r = pod.get("/q/health/ready");
                    if (r.status() == 200) {
                        last[0] = r;
                        return true;
                    }
                    if (r.status() > 0) {
                        before.add(r.status());
                    }
                    return false;
                });
        return last[0];
    }

    static JsonNode check(String body, String name) throws Exception {
        for (JsonNode c : JSON.readTree(body).path("checks")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no readiness check " + name + " in " + body);
    }
}
