package org.marketcache.warmup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.marketcache.warmup.WarmupFixtures.TOKEN;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.MarketDataStore;
import org.marketcache.store.testing.CountingStore;
import org.marketcache.testkit.MarketCacheTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * The rate limit and the lease, measured on the database: every read is counted with its start time at the
 * {@link org.marketcache.store.MarketDataStore} boundary ({@link CountingStore}, a wrapper of the real
 * store), while a run warms 20 instruments at 5 queries per second with 2 in flight.
 */
@QuarkusTest
@TestProfile(PacedWarmupIT.Paced.class)
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PacedWarmupIT {
    private static final Logger LOG = Logger.getLogger(PacedWarmupIT.class);
    static final int RATE = 5;
    static final int CONCURRENCY = 2;
    static final long NOW = System.currentTimeMillis();
    static final long LIVE = Timeframe.M1.align(NOW);
    static final List<Instrument> INSTRUMENTS = WarmupFixtures.many("okx", 20);

    /** 5 queries per second, 2 at once, nothing but the explicit targets. */
    public static class Paced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marketcache.warmup.max-queries-per-second", Integer.toString(RATE),
                    "marketcache.warmup.concurrency", Integer.toString(CONCURRENCY),
                    "marketcache.warmup.critical", "");
        }
    }

    @Inject
    MarketDataStore store;
    @Inject
    CountingStore counting;
    @Inject
    InstrumentRegistry instruments;
    @Inject
    CacheTiers tiers;
    @Inject
    Redis redis;
    @Inject
    KeySchema keys;

    @BeforeAll
    void seed() {
        WarmupFixtures.seed(store, instruments, INSTRUMENTS, NOW, 9);
    }

    @BeforeEach
    void cold() throws Exception {
        // A run left over from a test that failed early must not hold the lease into the next one.
        Awaitility.await("no warm-up holds the lease").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100)).until(() -> WarmupFixtures.redis(redis,
                        Request.cmd(Command.GET).arg(keys.warmupLease())) == null);
        WarmupFixtures.coldCaches(tiers, redis, keys);
        counting.reset();
    }

    /** One closed 4-hour window of 1m candles per instrument: immutable chunks, one query per instrument. */
    static String body() {
        StringBuilder b = new StringBuilder("{\"targets\":[");
        for (int i = 0; i < INSTRUMENTS.size(); i++) {
            b.append(i == 0 ? "" : ",").append("{\"exchange\":\"okx\",\"symbol\":\"").append(INSTRUMENTS.get(i).symbol())
                    .append("\",\"type\":\"candles\",\"timeframe\":\"1m\",\"from\":").append(LIVE - 8 * 3_600_000L)
                    .append(",\"to\":").append(LIVE - 4 * 3_600_000L).append('}');
        }
        return b.append("]}").toString();
    }

    static Response post(String body) {
        return given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).post("/v1/warmup");
    }

    @Test
    void theRateLimitHoldsCountedAsDatabaseQueriesPerSecond() {
        Response r = post(body());
        r.then().statusCode(200).body("outcome", equalTo("completed")).body("databaseQueries", equalTo(20))
                .body("failed", equalTo(0));
        List<Long> starts = counting.starts();
        assertThat(counting.what()).containsOnly("candles").hasSize(20);
        long spanMillis = (starts.get(starts.size() - 1) - starts.get(0)) / 1_000_000;
        LOG.infof("20 queries at %d/s: first to last %d ms, per-second buckets %s, most in any 1 s window %d, most"
                + " in flight %d", RATE, spanMillis, perSecond(starts),
                counting.maxInAnyWindow(Duration.ofSeconds(1)), counting.maxInFlight());
        // Evenly spaced at 200 ms: 19 intervals. One more than the rate is allowed in a window for timer jitter
        // (a query that started a few ms late next to one that did not).
        assertThat(spanMillis).as("20 queries at 5/s take at least 19 intervals").isGreaterThanOrEqualTo(19 * 190);
        assertThat(counting.maxInAnyWindow(Duration.ofSeconds(1))).as("queries started within any second")
                .isLessThanOrEqualTo(RATE + 1);
        assertThat(counting.maxInFlight()).as("queries in flight at once").isLessThanOrEqualTo(CONCURRENCY);
        assertThat(r.<Integer>path("tookMillis")).isGreaterThanOrEqualTo(19 * 190);
    }

    @Test
    void twoConcurrentWarmUpsDoTheWorkOnce() throws Exception {
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> post(body()));
        // Generous: on a machine shared with other builds a request can take many seconds to arrive.
        Awaitility.await("the first run holds the lease").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(20)).until(() -> WarmupFixtures.redis(redis,
                        Request.cmd(Command.GET).arg(keys.warmupLease())) != null);
        // The first run needs ~4 s (20 queries at 5/s). The second is refused with 409 while it runs; on a machine so
        // busy that the second arrives after the first finished, it finds everything fresh. Either way the
        // database sees each instrument once.
        Response second = post(body());
        Response done = first.get(180, TimeUnit.SECONDS);
        done.then().statusCode(200).body("outcome", equalTo("completed")).body("databaseQueries", equalTo(20));
        int warmed = done.path("warmed");
        assertThat(warmed).isGreaterThanOrEqualTo(20);
        if (second.statusCode() == 409) {
            second.then().body("error", equalTo("WARMUP_RUNNING"));
        } else {
            LOG.warn("the second warm-up arrived after the first had finished (busy machine): checking it did no work");
            second.then().statusCode(200).body("warmed", equalTo(0)).body("databaseQueries", equalTo(0));
        }
        assertThat(counting.what()).as("every instrument loaded once, not twice").containsOnly("candles")
                .hasSize(20);

        counting.reset();
        post(body()).then().statusCode(200).body("warmed", equalTo(0)).body("alreadyFresh", equalTo(warmed))
                .body("databaseQueries", equalTo(0));
        assertThat(counting.count()).isZero();
        assertThat(WarmupFixtures.redis(redis, Request.cmd(Command.GET).arg(keys.warmupLease())))
                .as("the lease is given back").isNull();
    }

    static List<Integer> perSecond(List<Long> starts) {
        List<Integer> buckets = new ArrayList<>();
        for (long t : starts) {
            int b = (int) ((t - starts.get(0)) / 1_000_000_000L);
            while (buckets.size() <= b) {
                buckets.add(0);
            }
            buckets.set(b, buckets.get(b) + 1);
        }
        return buckets;
    }
}
