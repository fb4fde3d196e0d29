package org.marketcache.invalidate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheTier;
import org.marketcache.core.engine.Lookup;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.core.tier.Tier;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.CandleChunkCodec;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.MarketDataStore;
import org.marketcache.testkit.CandleSeeding;
import org.marketcache.testkit.MarketCacheTestResource;
import org.marketcache.testkit.MarketFixtures;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The classic cache race, forced deterministically: a reader loads the OLD value from the database, then (while it
 * is held before writing it back) the data changes and is invalidated, then the reader goes on. The reader's fill
 * must be refused in L2 (compare-and-set on version and generation, {@code lua/fill.lua}) and in its own L1
 * (generation). The database query is real; the test only holds its result back until the invalidation is done.
 */
@QuarkusTest
@QuarkusTestResource(value = MarketCacheTestResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FillRaceIT {
    static final String ADMIN = "Bearer test-admin-token-0123456789";
    static final Instrument SOL = Instrument.of("binance", "SOL/USDT");
    static final long CHUNK = 240 * 60_000L;
    static final long START = (System.currentTimeMillis() / CHUNK - 3) * CHUNK;

    @Inject
    MarketDataStore store;
    @Inject
    CacheTiers tiers;
    @Inject
    KeySchema keys;
    @Inject
    InstrumentRegistry instruments;
    int id;

    @BeforeAll
    void seed() {
        id = store.ensureInstrument(SOL).await().atMost(Duration.ofSeconds(10));
        CandleSeeding.upsert(MarketFixtures.candles(START, START + 2 * CHUNK, new BigDecimal("150.00"), true),
                batch -> store.upsertCandles(id, batch));
        instruments.reload().toCompletableFuture().join();
    }

    /** Runs the real source, then holds its result until {@code release} is counted down. */
    static CacheTier<SeriesKey, SeriesChunk> held(CacheTier<SeriesKey, SeriesChunk> real, CountDownLatch loaded,
            CountDownLatch release) {
        return new CacheTier<>() {
            @Override
            public Tier tier() {
                return Tier.L3;
            }

            @Override
            public CompletionStage<Map<SeriesKey, CacheEntry<SeriesChunk>>> getAll(Collection<SeriesKey> keys) {
                return real.getAll(keys).thenCompose(m -> CompletableFuture.supplyAsync(() -> {
                    loaded.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return m;
                }));
            }

            @Override
            public CompletionStage<Void> putAll(Map<SeriesKey, CacheEntry<SeriesChunk>> entries) {
                return real.putAll(entries);
            }

            @Override
            public CompletionStage<Long> invalidateAll(Collection<SeriesKey> keys) {
                return real.invalidateAll(keys);
            }
        };
    }

    String close(SeriesChunk chunk) {
        List<Candle> c = CandleChunkCodec.candles(chunk);
        return c.get(0).close().toPlainString();
    }

    void race(SeriesKey key, String invalidation) throws Exception {
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TieredCache<SeriesKey, SeriesChunk> reader = tiers.candlesAsAnotherPod(Timeframe.M1,
                real -> held(real, loaded, release));

        CompletableFuture<Lookup<SeriesKey, SeriesChunk>> slow = reader.getAll(List.of(key)).toCompletableFuture();
        assertThat(loaded.await(10, TimeUnit.SECONDS)).as("the reader has the old rows in hand").isTrue();

        // Meanwhile the data changes in the database and the key is invalidated through the API.
        store.upsertCandles(id, MarketFixtures.candles(key.start(), key.end(), new BigDecimal("151.00"), true))
                .await().atMost(Duration.ofSeconds(10));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(invalidation)
                .post("/v1/invalidate").then().statusCode(200);
        // This pod's event consumer drops the reader pod's L1 copies (what every pod's consumer does).
        reader.invalidateL1(List.of(key));

        release.countDown();
        assertThat(close(slow.get(10, TimeUnit.SECONDS).value(key))).as("the slow reader answers its old value")
                .isEqualTo("150.50");

        // ...but it wrote it nowhere: not to L2, not to its own L1.
        Thread.onSpinWait();
        org.awaitility.Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> tiers.candles(Timeframe.M1).view().readL2(List.of(key)).toCompletableFuture()
                        .get(5, TimeUnit.SECONDS).entries().get(key) == null);
        assertThat(reader.view().l1Entry(key)).isNull();
        // The next read, from any pod, gets the new value.
        Lookup<SeriesKey, SeriesChunk> next = tiers.candles(Timeframe.M1).getAll(List.of(key)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(close(next.value(key))).isEqualTo("151.50");
    }

    @Test
    void aFillThatReadBeforeAnExactKeyInvalidationIsRefused() throws Exception {
        SeriesKey key = keys.candleChunk(SOL, Timeframe.M1, 240, START / CHUNK);
        race(key, "{\"keys\":[\"" + key.id() + "\"]}");
    }

    @Test
    void aFillThatReadBeforeAnInstrumentInvalidationIsRefused() throws Exception {
        SeriesKey key = keys.candleChunk(SOL, Timeframe.M1, 240, START / CHUNK + 1);
        race(key, "{\"exchange\":\"binance\",\"symbol\":\"SOL/USDT\",\"dataType\":\"candles\",\"timeframe\":\"1m\"}");
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
