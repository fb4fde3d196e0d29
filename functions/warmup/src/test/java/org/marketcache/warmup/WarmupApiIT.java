package org.marketcache.warmup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.marketcache.warmup.WarmupFixtures.BTC;
import static org.marketcache.warmup.WarmupFixtures.ETH;
import static org.marketcache.warmup.WarmupFixtures.SOL;
import static org.marketcache.warmup.WarmupFixtures.TOKEN;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.engine.Lookup;
import org.marketcache.core.tier.Tier;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.marketdata.cache.SnapshotKey;
import org.marketcache.marketdata.cache.TickerView;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.MarketDataStore;
import org.marketcache.store.testing.CountingStore;
import org.marketcache.warm.FrequentItemsSampler;
import org.marketcache.warm.HotKey;
import org.marketcache.warm.HotKeyPublisher;
import org.marketcache.warm.HotKeyRanking;
import org.marketcache.warm.WarmupTargets;
import org.marketcache.testkit.MarketCacheTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * The warm-up function end to end against the real PostgreSQL and Redis: hot keys sampled as the read path
 * samples them, merged into the ranking, warmed into L2, and read back from L2 without the database; idempotence,
 * refresh-ahead, the critical set, the explicit list and its 400s, tokens and the PingSource exception, the
 * ranking API and its decay, and a lease held by another pod.
 */
@QuarkusTest
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WarmupApiIT {
    static final long NOW = System.currentTimeMillis();
    static final long LIVE = Timeframe.M1.align(NOW);

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
    @Inject
    FrequentItemsSampler sampler;
    @Inject
    HotKeyPublisher publisher;
    @Inject
    HotKeyRanking ranking;
    @Inject
    WarmupTargets targets;

    @BeforeAll
    void seed() {
        WarmupFixtures.seed(store, instruments, List.of(BTC, ETH, SOL), NOW, 12);
    }

    @BeforeEach
    void cold() throws Exception {
        WarmupFixtures.coldCaches(tiers, redis, keys);
        sampler.drain(Integer.MAX_VALUE);
        counting.reset();
    }

    static Response post(String body) {
        return given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).post("/v1/warmup");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Lookup<?, ?> get(TieredCache cache, List<?> k) throws Exception {
        return (Lookup<?, ?>) cache.getAll(k).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void afterAWarmUpTheFirstReadsOfHotKeysComeFromL2NotTheDatabase() throws Exception {
        List<SeriesKey> ethCandles = targets.latestCandles(ETH, Timeframe.M1, System.currentTimeMillis());
        List<SeriesKey> solHourly = targets.latestCandles(SOL, Timeframe.H1, System.currentTimeMillis());
        SnapshotKey ethTicker = keys.ticker(ETH);
        for (int i = 0; i < 20; i++) {
            sampler.record(ethCandles);
            sampler.record(ethTicker);
        }
        sampler.record(solHourly);
        publisher.publish().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(ranking.top(100).toCompletableFuture().get(5, TimeUnit.SECONDS)).extracting(HotKey::id)
                .as("the sampled keys reached the ranking (here or by the scheduled publish)")
                .contains(ethTicker.id(), ethCandles.get(0).id(), solHourly.get(0).id());

        post("").then().statusCode(200).body("outcome", equalTo("completed")).body("trigger", equalTo("on-demand"))
                .body("failed", equalTo(0)).body("warmed", greaterThanOrEqualTo(ethCandles.size() + 1));

        WarmupFixtures.clearL1(tiers);
        counting.reset();
        Lookup<?, ?> candles = get(tiers.candles(Timeframe.M1), ethCandles);
        Lookup<?, ?> hourly = get(tiers.candles(Timeframe.H1), solHourly);
        Lookup<?, ?> ticker = get(tiers.tickers(), List.of(ethTicker));
        assertThat(candles.answeredBy()).as("hot ETH 1m chunks").containsExactly(Tier.L2);
        assertThat(candles.hits()).hasSize(ethCandles.size());
        assertThat(hourly.answeredBy()).as("hot SOL 1h chunks").containsExactly(Tier.L2);
        assertThat(ticker.answeredBy()).as("hot ETH ticker").containsExactly(Tier.L2);
        assertThat(counting.what()).as("no database read answered them").doesNotContain("candles");
        assertThat(get(tiers.candles(Timeframe.M1), ethCandles).answeredBy()).as("then L1").containsExactly(Tier.L1);

        // The critical set (binance BTC/USDT here) is always warmed: latest candles of every timeframe, ticker, book.
        long now = System.currentTimeMillis();
        for (Timeframe tf : Timeframe.values()) {
            List<SeriesKey> latest = targets.latestCandles(BTC, tf, now);
            assertThat(tiers.candles(tf).view().readL2(latest).toCompletableFuture().get(5, TimeUnit.SECONDS).entries())
                    .as("critical BTC %s", tf).hasSize(latest.size());
        }
        assertThat(get(tiers.orderBooks(), List.of(keys.orderBook(BTC))).answeredBy()).containsExactly(Tier.L2);
    }

    @Test
    void aRunIsIdempotentTheSecondFindsEverythingFreshAndQueriesNothing() {
        String body = "{\"targets\":[{\"exchange\":\"binance\",\"symbol\":\"ETH/USDT\",\"type\":\"candles\","
                + "\"timeframe\":\"1m\",\"from\":" + (LIVE - 8 * 3_600_000L) + ",\"to\":" + (LIVE - 4 * 3_600_000L)
                + "}]}";
        Response first = post(body);
        first.then().statusCode(200).body("outcome", equalTo("completed")).body("databaseQueries", equalTo(1));
        int keysWarmed = first.path("warmed");
        assertThat(keysWarmed).isBetween(1, 2);
        counting.reset();
        post(body).then().statusCode(200).body("warmed", equalTo(0)).body("alreadyFresh", equalTo(keysWarmed))
                .body("databaseQueries", equalTo(0));
        assertThat(counting.count()).isZero();
    }

    @Test
    void keysCloseToExpiryAreRefreshedAhead() throws Exception {
        String body = "{\"targets\":[{\"exchange\":\"okx\",\"symbol\":\"SOL/USDT\",\"type\":\"tickers\"}]}";
        post(body).then().statusCode(200).body("warmed", equalTo(1)).body("refreshedAhead", equalTo(0));
        SnapshotKey key = keys.ticker(SOL);
        CacheEntry<TickerView> before = tiers.tickers().view().readL2(List.of(key)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS).entries().get(key);
        assertThat(before).isNotNull();
        // A ticker lives 5 s in L2, well inside refresh-ahead (6m): the next run reloads it before it expires.
        post(body).then().statusCode(200).body("warmed", equalTo(1)).body("refreshedAhead", equalTo(1))
                .body("alreadyFresh", equalTo(0));
        CacheEntry<TickerView> after = tiers.tickers().view().readL2(List.of(key)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS).entries().get(key);
        assertThat(after.version()).as("rewritten by the second run").isGreaterThan(before.version());
        assertThat(after.writtenAt()).isGreaterThanOrEqualTo(before.writtenAt());
    }

    @Test
    void unknownInstrumentsAreSkippedWithoutQueryingTheirData() {
        Response r = post("{\"targets\":[{\"exchange\":\"binance\",\"symbol\":\"NOPE/USDT\",\"type\":\"tickers\"},"
                + "{\"exchange\":\"binance\",\"symbol\":\"ETH/USDT\",\"type\":\"tickers\"}]}");
        r.then().statusCode(200).body("warmed", equalTo(1)).body("skipped", equalTo(1)).body("failed", equalTo(0));
        assertThat(r.<List<String>>path("problems")).anySatisfy(p -> assertThat(p).contains("NOPE/USDT"));
        assertThat(counting.what()).containsOnly("instruments", "ticker");
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{\"targets\":[{\"exchange\":\"binance\",\"symbol\":\"BTC/USDT\",\"type\":\"candles\","
                        + "\"timeframe\":\"2m\"}]}", "INVALID_TIMEFRAME", "targets[0].timeframe"),
                Arguments.of("{\"targets\":[{\"exchange\":\"binance\",\"symbol\":\"btcusdt\",\"type\":\"tickers\"}]}",
                        "INVALID_SYMBOL", "targets[0].symbol"),
                Arguments.of("{\"targets\":[{\"exchange\":\"bin ance\",\"symbol\":\"BTC/USDT\",\"type\":\"tickers\"}]}",
                        "INVALID_EXCHANGE", "targets[0].exchange"),
                Arguments.of("{\"targets\":[{\"exchange\":\"binance\",\"symbol\":\"BTC/USDT\",\"type\":\"candles\","
                        + "\"from\":\"2026-11-30T00:00:00Z\",\"to\":\"2026-11-29T00:00:00Z\"}]}", "INVALID_RANGE",
                        "targets[0].from"),
                Arguments.of("{\"targets\":[{\"exchange\":\"binance\",\"symbol\":\"BTC/USDT\",\"type\":\"tickers\","
                        + "\"from\":\"1\"}]}", "INVALID_FROM", "targets[0].from"),
                Arguments.of("{\"targets\":[{\"exchange\":\"binance\",\"symbol\":\"BTC/USDT\",\"type\":\"trades\","
                        + "\"from\":0,\"to\":86400000}]}", "RANGE_TOO_LARGE", "targets[0].to"),
                Arguments.of("{\"targets\":[{\"exchange\":\"binance\",\"symbol\":\"BTC/USDT\",\"type\":\"book\"}]}",
                        "INVALID_TYPE", "targets[0].type"),
                Arguments.of("{\"targets\":[{\"exchange\":\"binance\"", "INVALID_JSON", null),
                Arguments.of("{\"keys\":[]}", "UNKNOWN_FIELD", "keys"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void badRequestsAreA400NamingTheField(String body, String code, String field) {
        Response r = post(body);
        r.then().statusCode(400).contentType("application/json").body("error", equalTo(code))
                .body("field", equalTo(field)).body("message", notNullValue());
        assertThat(r.asString()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(counting.count()).as("nothing ran").isZero();
    }

    @Test
    void tooManyTargetsIsRefused() {
        StringBuilder b = new StringBuilder("{\"targets\":[");
        for (int i = 0; i < 41; i++) {
            b.append(i == 0 ? "" : ",").append("{\"exchange\":\"binance\",\"symbol\":\"ETH/USDT\",\"type\":\"tickers\"}");
        }
        post(b.append("]}").toString()).then().statusCode(400).body("error", equalTo("TOO_MANY_TARGETS"))
                .body("field", equalTo("targets"));
    }

    @Test
    void everyCallNeedsTheAdminTokenExceptThePingSourceEvent() {
        given().contentType(ContentType.JSON).body("{}").post("/v1/warmup").then().statusCode(401)
                .body("error", equalTo("UNAUTHORIZED"));
        given().header("Authorization", "Bearer wrong-token-wrong-token").body("{}").post("/v1/warmup").then()
                .statusCode(401);
        given().get("/v1/warmup/hot-keys").then().statusCode(401);
        given().get("/v1/warmup/last").then().statusCode(401);
        // A tokenless request with a CloudEvent type other than the PingSource's is refused too.
        given().header("ce-type", "dev.knative.sources.apiserver").body("{}").post("/v1/warmup").then()
                .statusCode(401);
        // With a wrong token, a ping event is refused: a token that is given is always checked.
        given().header("Authorization", "Bearer wrong-token-wrong-token").header("ce-type",
                "dev.knative.sources.ping").body("{\"trigger\":\"schedule\"}").post("/v1/warmup").then()
                .statusCode(401);
    }

    @Test
    void thePingSourceEventStartsTheScheduledWarmUpAndItsBodyIsIgnored() throws Exception {
        // The body asks for SOL's ticker; a tokenless ping may not choose: only the hot and critical set is warmed.
        given().header("ce-specversion", "1.0").header("ce-type", "dev.knative.sources.ping")
                .header("ce-source", "/apis/v1/namespaces/mc/pingsources/marketcache-warmup-schedule")
                .header("ce-id", "1").contentType(ContentType.JSON)
                .body("{\"targets\":[{\"exchange\":\"okx\",\"symbol\":\"SOL/USDT\",\"type\":\"tickers\"}]}")
                .post("/v1/warmup").then().statusCode(200).body("trigger", equalTo("ping"))
                .body("outcome", equalTo("completed")).body("warmed", greaterThanOrEqualTo(1));
        assertThat(tiers.tickers().view().readL2(List.of(keys.ticker(SOL))).toCompletableFuture()
                .get(5, TimeUnit.SECONDS).entries()).as("the body's target was not warmed").isEmpty();
        assertThat(tiers.tickers().view().readL2(List.of(keys.ticker(BTC))).toCompletableFuture()
                .get(5, TimeUnit.SECONDS).entries()).as("the critical set was").hasSize(1);
        given().header("Authorization", TOKEN).get("/v1/warmup/last").then().statusCode(200)
                .body("trigger", equalTo("ping"));
    }

    @Test
    void theRankingIsServedHottestFirstAndDecaysWithTheHalfLife() throws Exception {
        String hot = keys.ticker(ETH).id();
        String warm = keys.ticker(SOL).id();
        ranking.merge(List.of(new HotKey(hot, 100), new HotKey(warm, 10), new HotKey("junk:not-a-key", 5)))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        Response r = given().header("Authorization", TOKEN).get("/v1/warmup/hot-keys?limit=10");
        r.then().statusCode(200).body("halfLife", equalTo("PT30M")).body("keys[0].key", equalTo(hot))
                .body("keys[0].cache", equalTo("tickers")).body("keys[0].exchange", equalTo("binance"))
                .body("keys[0].symbol", equalTo("ETH/USDT")).body("keys[1].key", equalTo(warm))
                .body("keys[2].cache", equalTo(null));
        assertThat(r.<Float>path("keys[0].score")).isBetween(99.0f, 100.0f);
        given().header("Authorization", TOKEN).get("/v1/warmup/hot-keys?limit=0").then().statusCode(400)
                .body("field", equalTo("limit"));

        // Pretend the last decay was one half-life ago: readers see half, and the next merge halves the set.
        long halfLifeAgo = System.currentTimeMillis() - Duration.ofMinutes(30).toMillis();
        WarmupFixtures.redis(redis, Request.cmd(Command.SET).arg(keys.hotKeysDecayedAt()).arg(halfLifeAgo));
        List<HotKey> decayed = ranking.top(3).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(decayed.get(0).score()).isBetween(49.0, 50.1);
        ranking.merge(List.of(new HotKey(warm, 1))).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(WarmupFixtures.redis(redis, Request.cmd(Command.ZSCORE).arg(keys.hotKeys()).arg(hot)).toDouble())
                .as("stored score decayed on merge").isBetween(49.0, 50.1);
        assertThat(WarmupFixtures.redis(redis, Request.cmd(Command.ZSCORE).arg(keys.hotKeys()).arg(warm)).toDouble())
                .isBetween(5.9, 6.1);

        // Twenty half-lives later everything is under the floor (0.5) and dropped.
        WarmupFixtures.redis(redis, Request.cmd(Command.SET).arg(keys.hotKeysDecayedAt())
                .arg(System.currentTimeMillis() - Duration.ofMinutes(600).toMillis()));
        ranking.merge(List.of(new HotKey(keys.ticker(BTC).id(), 3))).toCompletableFuture().get(5, TimeUnit.SECONDS);
        List<HotKey> left = ranking.top(10).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(left).extracting(HotKey::id).containsExactly(keys.ticker(BTC).id());
    }

    @Test
    void aRunFindsTheLeaseHeldByAnotherPodAndDoesNothing() throws Exception {
        WarmupFixtures.redis(redis, Request.cmd(Command.SET).arg(keys.warmupLease()).arg("other-pod-run").arg("PX")
                .arg(5000));
        try {
            post("").then().statusCode(409).body("error", equalTo("WARMUP_RUNNING"))
                    .header("Retry-After", notNullValue());
            given().header("ce-type", "dev.knative.sources.ping").body("{}").post("/v1/warmup").then()
                    .statusCode(200).body("outcome", equalTo("busy")).body("warmed", equalTo(0));
            assertThat(counting.count()).isZero();
        } finally {
            WarmupFixtures.redis(redis, Request.cmd(Command.DEL).arg(keys.warmupLease()));
        }
        post("").then().statusCode(200).body("outcome", equalTo("completed"));
    }
}
