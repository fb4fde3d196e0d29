package org.marketcache.read;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.marketcache.core.tier.CacheEntry;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.CacheNames;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.caffeine.L1Caches;
import org.marketcache.runtime.caffeine.QuarkusCacheStore;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.runtime.live.LiveConfig;
import org.marketcache.runtime.live.LiveConfigEditor;
import org.marketcache.runtime.live.LiveConfigStore;
import org.marketcache.store.MarketDataStore;
import org.marketcache.testkit.MarketCacheTestResource;
import org.marketcache.testkit.CandleSeeding;
import org.marketcache.testkit.MarketFixtures;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A change of the live configuration reaches the running read function without a restart: a patch of the one-minute
 * cache's L1 maximum size and L1 lifetime, stored the way the admin API stores it, is applied by this application
 * (its Caffeine maximum is the new size; an L1 entry filled afterwards leaves L1 at the new lifetime on the test
 * clock), acknowledged in Redis with the version, and shown in readiness and in the {@code cache.config.version}
 * gauge.
 */
@QuarkusTest
@TestProfile(LiveConfigIT.OwnClock.class)
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveConfigIT {
    static final Instrument ADA = Instrument.of("binance", "ADA/USDT");
    static final long CHUNK = 240 * 60_000L;

    /** {@link TestClock}; every pod check once a second (the announcement normally arrives first). */
    public static class OwnClock implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(TestClock.class);
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("marketcache.live-config.check-interval", "1s");
        }
    }

    @Inject
    MarketDataStore store;
    @Inject
    InstrumentRegistry instruments;
    @Inject
    LiveConfigEditor editor;
    @Inject
    LiveConfigStore configStore;
    @Inject
    LiveConfig live;
    @Inject
    CacheTiers tiers;
    @Inject
    L1Caches l1Caches;
    @Inject
    KeySchema keys;
    @Inject
    MeterRegistry registry;
    long closedChunk;

    @BeforeAll
    void seed() {
        long now = TestClock.TIME.currentTimeMillis();
        closedChunk = (now / CHUNK - 3) * CHUNK;
        int id = store.ensureInstrument(ADA).await().atMost(Duration.ofSeconds(10));
        CandleSeeding.upsert(MarketFixtures.candles(closedChunk, closedChunk + CHUNK, new BigDecimal("45.5"), true),
                batch -> store.upsertCandles(id, batch));
        instruments.reload().toCompletableFuture().join();
    }

    @Test
    void aPatchedL1SizeAndLifetimeAreAppliedByTheRunningAppAndAcknowledged() throws Exception {
        long before = live.version();
        var patch = new ObjectMapper().readTree("""
                {"caches":{"candles-1m":{"l1":{"maximum-size":123,"ttl":"30s","refresh":"10s"}}}}""");

        var outcome = editor.patch(before, patch, "live-config-it", "shorter L1 for the test")
                .toCompletableFuture().get();

        assertThat(outcome).isInstanceOf(LiveConfigEditor.Stored.class);
        long version = ((LiveConfigEditor.Stored) outcome).version();
        assertThat(version).isEqualTo(before + 1);
        Awaitility.await("version applied").atMost(Duration.ofSeconds(10)).until(() -> live.version() == version);

        var caffeine = new QuarkusCacheStore<>(l1Caches.get(CacheNames.CANDLES_1M)).caffeine();
        assertThat(caffeine.synchronous().policy().eviction().orElseThrow().getMaximum()).isEqualTo(123);
        assertThat(registry.get("cache.config.version").gauge().value()).isEqualTo(version);

        String url = "/v1/candles/binance/ADA-USDT?from=" + closedChunk + "&limit=10";
        given().get(url).then().statusCode(200).header("X-Cache", equalTo("L3"));
        SeriesKey key = keys.candleChunk(ADA, Timeframe.M1, 240, closedChunk / CHUNK);
        CacheEntry<?> entry = tiers.candles(Timeframe.M1).view().l1Entry(key);
        assertThat(entry).isNotNull();
        assertThat(entry.expireAt() - TestClock.TIME.currentTimeMillis()).as("L1 life of the new version")
                .isEqualTo(Duration.ofSeconds(30).toMillis());
        given().get(url).then().statusCode(200).header("X-Cache", equalTo("L1"));
        TestClock.advance(Duration.ofSeconds(31));
        given().get(url).then().statusCode(200).header("X-Cache", equalTo("L2"));

        Awaitility.await("acknowledged").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(configStore.pods().toCompletableFuture().get()).anySatisfy(p -> {
                    assertThat(p.function()).isEqualTo("marketcache-read");
                    assertThat(p.version()).isEqualTo(version);
                    assertThat(p.status()).isEqualTo("applied");
                }));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'marketcache-config' }.data.configVersion", equalTo((int) version))
                .body("checks.name", hasItem("marketcache-config"));
    }

    @Test
    void anInvalidPatchIsRefusedWithEveryProblemAndChangesNothing() throws Exception {
        long before = live.version();
        var patch = new ObjectMapper().readTree("""
                {"redis":{"timeout":"0s","key-prefix":"x"},"caches":{"tickers":{"l1":{"refresh":"1h"}}}}""");

        var outcome = editor.patch(before, patch, "live-config-it", "bad").toCompletableFuture().get();

        assertThat(outcome).isInstanceOfSatisfying(LiveConfigEditor.Invalid.class, i -> assertThat(i.problems())
                .extracting(p -> p.key() + " " + p.rule()).containsExactlyInAnyOrder(
                        "marketcache.redis.timeout must be a positive duration (e.g. 250ms, 5s)",
                        "marketcache.redis.key-prefix needs a restart",
                        "marketcache.caches.\"tickers\".l1.refresh must not exceed"
                                + " marketcache.caches.\"tickers\".l1.ttl (10s)"));
        assertThat(editor.current().toCompletableFuture().get().version()).isEqualTo(before);
    }
}
