package org.marketcache.runtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.metrics.CacheMetrics;
import org.marketcache.core.tier.CacheTier;
import org.marketcache.core.tier.CaffeineTier;
import org.marketcache.core.tier.LocalStore;
import org.marketcache.core.testing.ManualTimeSource;
import org.marketcache.core.tier.RemoteTier;
import org.marketcache.core.tier.RemoteTier.Fill;
import org.marketcache.core.tier.RemoteTier.RemoteRead;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.core.tier.Tier;
import org.marketcache.core.engine.CacheWrites;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.core.tier.TierUnavailableException;
import org.marketcache.core.policy.TtlPolicy;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.CandleChunkCodec;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.testkit.MarketFixtures;
import org.marketcache.testkit.TestServices;

import com.github.benmanes.caffeine.cache.Caffeine;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * {@link CacheWrites#patch} against the machine's Redis (its own key prefix): a usable value is changed in place
 * without the source, a key without one is tombstoned and never loaded, a lost compare-and-set is retried on the
 * value that won, and a race lost on every attempt or a failing change ends in a tombstone, never in the old value
 * staying. The source is a counter standing for the database: the point is that it is never asked.
 */
class TieredCachePatchIT {
    static final TtlPolicy.Settings SETTINGS = new TtlPolicy.Settings(Duration.ofHours(1), Duration.ofSeconds(10),
            Duration.ofSeconds(60), 0, Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(1));
    static Vertx vertx;
    static Redis redis;

    final ManualTimeSource time = new ManualTimeSource(System.currentTimeMillis());
    final Instrument btc = Instrument.of("binance", "BTC/USDT");
    final AtomicInteger sourceCalls = new AtomicInteger();
    KeySchema keys;
    RemoteTier<SeriesKey, SeriesChunk> l2;
    CaffeineTier<SeriesKey, SeriesChunk> l1;
    TieredCache<SeriesKey, SeriesChunk> cache;
    SeriesKey key;

    @BeforeAll
    static void connect() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(TestServices.redisUrl())
                .setMaxPoolSize(4).setMaxPoolWaiting(64));
    }

    @AfterAll
    static void close() throws Exception {
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void setUp() {
        keys = new KeySchema("patch" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24)));
        TtlPolicy<SeriesKey, SeriesChunk> policy = new TtlPolicy<>(SETTINGS, SeriesChunk::complete);
        l2 = new RedisTier<>("candles-1m", redis, keys, CandleChunkCodec.INSTANCE,
                () -> new RedisTier.Settings(Duration.ofSeconds(2), 256, Duration.ofSeconds(60)), time, policy,
                CacheMetrics.CacheMeters.NONE, TestServices.redisUrl());
        l1 = new CaffeineTier<>(LocalStore.caffeine(Caffeine.newBuilder().maximumSize(100).build()), time, policy);
        cache = TieredCache.<SeriesKey, SeriesChunk>builder("candles-1m").l1(l1).l2(l2).l3(new CountingSource())
                .policy(policy).time(time).build();
        key = keys.candleChunk(btc, Timeframe.M1, 240, time.currentTimeMillis() / (240 * Timeframe.M1.millis()));
    }

    @Test
    void aUsableValueIsChangedInPlaceWithoutTheSource() throws Exception {
        long version = put(chunk("100.1")).version();
        cache.warming().preloadL1(List.of(key)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(l1.getIfPresent(key)).isNotNull();

        Set<SeriesKey> patched = patch(current -> done(Map.of(key, chunk("100.2"))), 5);

        assertThat(patched).containsExactly(key);
        CacheEntry<SeriesChunk> now = inL2();
        assertThat(now.value().payload()).isEqualTo(chunk("100.2").payload());
        assertThat(now.version()).isEqualTo(version + 1);
        assertThat(l1.getIfPresent(key)).as("this pod's L1 copy dropped").isNull();
        assertThat(sourceCalls).hasValue(0);
    }

    @Test
    void aKeyWithoutAUsableValueIsTombstonedAndNeverLoaded() throws Exception {
        RemoteRead<SeriesKey, SeriesChunk> seen = read();
        AtomicInteger changes = new AtomicInteger();

        Set<SeriesKey> patched = patch(current -> {
            changes.incrementAndGet();
            return done(Map.of(key, chunk("100.2")));
        }, 5);

        assertThat(patched).isEmpty();
        assertThat(changes).as("change called").hasValue(0);
        assertThat(sourceCalls).as("source loads").hasValue(0);
        assertThat(inL2()).isNull();
        // A reader that saw the key absent before the patch cannot fill it after.
        assertThat(fill(chunk("100.0"), seen)).isEmpty();
    }

    @Test
    void aLostRaceIsRetriedOnTheValueThatWon() throws Exception {
        put(chunk("100.1"));
        List<SeriesChunk> seenByChange = new CopyOnWriteArrayList<>();

        Set<SeriesKey> patched = patch(current -> {
            seenByChange.add(current.get(key));
            // On the first attempt another writer gets in between the read and the write.
            CompletionStage<Set<SeriesKey>> other = seenByChange.size() == 1 ? race(chunk("100.3")) : done(Set.of());
            return other.thenApply(w -> Map.of(key, chunk("100.2")));
        }, 5);

        assertThat(patched).containsExactly(key);
        assertThat(seenByChange).extracting(SeriesChunk::payload)
                .containsExactly(chunk("100.1").payload(), chunk("100.3").payload());
        assertThat(inL2().value().payload()).isEqualTo(chunk("100.2").payload());
    }

    @Test
    void aRaceLostOnEveryAttemptEndsInATombstone() throws Exception {
        put(chunk("100.1"));
        AtomicInteger changes = new AtomicInteger();

        Set<SeriesKey> patched = patch(current -> {
            changes.incrementAndGet();
            return race(chunk("100.3")).thenApply(w -> Map.of(key, chunk("100.2")));
        }, 3);

        assertThat(patched).isEmpty();
        assertThat(changes).hasValue(3);
        assertThat(inL2()).as("neither the patch nor the racing value stays").isNull();
        assertThat(sourceCalls).hasValue(0);
    }

    @Test
    void aFailingChangeTombstonesTheKeyInsteadOfLeavingTheOldValue() throws Exception {
        put(chunk("100.1"));

        Set<SeriesKey> patched = patch(current -> CompletableFuture.failedFuture(
                new TierUnavailableException(Tier.L3, "candles-1m/l3 unavailable (test)", null)), 5);

        assertThat(patched).isEmpty();
        assertThat(inL2()).isNull();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    SeriesChunk chunk(String price) {
        return MarketFixtures.candleChunk(key, new BigDecimal(price));
    }

    static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    Set<SeriesKey> patch(Function<Map<SeriesKey, SeriesChunk>, CompletionStage<Map<SeriesKey, SeriesChunk>>> change,
            int attempts) throws Exception {
        return cache.writes().patch(List.of(key), change, attempts).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    RemoteRead<SeriesKey, SeriesChunk> read() {
        return l2.read(List.of(key)).toCompletableFuture().join();
    }

    CacheEntry<SeriesChunk> inL2() {
        CacheEntry<SeriesChunk> e = read().entries().get(key);
        return e != null && e.isUsable(time.currentTimeMillis()) ? e : null;
    }

    Set<SeriesKey> fill(SeriesChunk value, RemoteRead<SeriesKey, SeriesChunk> seen) {
        CacheEntry<SeriesChunk> entry = cache.policy().stamp(key, value, time.currentTimeMillis());
        return l2.fill(List.of(Fill.after(seen, key, entry))).toCompletableFuture().join();
    }

    /** Writes {@code value} over whatever L2 holds, as another writer would (compare-and-set on a fresh read). */
    CacheEntry<SeriesChunk> put(SeriesChunk value) throws Exception {
        assertThat(race(value).toCompletableFuture().get(5, TimeUnit.SECONDS)).as("the other writer's write")
                .containsExactly(key);
        return inL2();
    }

    /** {@link #put} without waiting (the change runs on an event loop, which must not block). */
    CompletionStage<Set<SeriesKey>> race(SeriesChunk value) {
        return l2.read(List.of(key)).thenCompose(seen -> {
            CacheEntry<SeriesChunk> entry = cache.policy().stamp(key, value, time.currentTimeMillis());
            return l2.fill(List.of(Fill.after(seen, key, entry)));
        });
    }

    /** Stands for the database: counts loads and has nothing. */
    final class CountingSource implements CacheTier<SeriesKey, SeriesChunk> {
        @Override
        public Tier tier() {
            return Tier.L3;
        }

        @Override
        public CompletionStage<Map<SeriesKey, CacheEntry<SeriesChunk>>> getAll(Collection<SeriesKey> keys) {
            sourceCalls.incrementAndGet();
            return done(Map.of());
        }

        @Override
        public CompletionStage<Void> putAll(Map<SeriesKey, CacheEntry<SeriesChunk>> entries) {
            return done(null);
        }

        @Override
        public CompletionStage<Long> invalidateAll(Collection<SeriesKey> keys) {
            return done(0L);
        }
    }
}
