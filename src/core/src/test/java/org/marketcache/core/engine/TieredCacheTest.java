package org.marketcache.core.engine;

import org.marketcache.core.policy.TtlPolicy;
import org.marketcache.core.testing.ManualTimeSource;
import org.marketcache.core.testing.MapSourceTier;
import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.CaffeineTier;
import org.marketcache.core.tier.LocalStore;
import org.marketcache.core.tier.Tier;
import org.marketcache.core.tier.TierUnavailableException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The read path with L1 and a source, no L2 (with an L2: {@link TieredCacheLeaseTest} here, and a real Redis in the
 * runtime's integration tests). The source is a {@link MapSourceTier}: the test can hold a load open, fail it, and
 * count calls.
 */
class TieredCacheTest {
    static final TtlPolicy.Settings SETTINGS = new TtlPolicy.Settings(Duration.ofHours(1), Duration.ofSeconds(2),
            Duration.ofSeconds(10), 0.0, Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofMinutes(5));

    ManualTimeSource time;
    MapSourceTier<CacheKey, String> source;
    TtlPolicy<CacheKey, String> policy;
    CaffeineTier<CacheKey, String> l1;
    TieredCache<CacheKey, String> cache;

    @BeforeEach
    void setUp() {
        time = new ManualTimeSource(1_000_000);
        policy = new TtlPolicy<>(SETTINGS, v -> v.startsWith("closed"));
        source = new MapSourceTier<>(policy, time);
        l1 = new CaffeineTier<>(LocalStore.caffeine(Caffeine.newBuilder().maximumSize(1000).build()), time, policy);
        cache = TieredCache.<CacheKey, String>builder("test").l1(l1).l3(source).policy(policy).time(time).build();
    }

    static CacheKey key(String id) {
        return new CacheKey("test", "binance:BTC-USDT", id);
    }

    Lookup<CacheKey, String> get(CacheKey... keys) throws Exception {
        return cache.getAll(List.of(keys)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void coldReadLoadsOnceThenL1Answers() throws Exception {
        source.data.put(key("a"), "closed-a");
        Lookup<CacheKey, String> first = get(key("a"));
        assertThat(first.value(key("a"))).isEqualTo("closed-a");
        assertThat(first.answeredBy()).containsExactly(Tier.L3);
        Lookup<CacheKey, String> second = get(key("a"));
        assertThat(second.answeredBy()).containsExactly(Tier.L1);
        assertThat(source.calls).hasSize(1);
        assertThat(cache.peek(key("a"))).isEqualTo("closed-a");
    }

    @Test
    void onlyMissingKeysReachTheSourceInOneCall() throws Exception {
        for (String k : List.of("a", "b", "c")) {
            source.data.put(key(k), "closed-" + k);
        }
        get(key("a"));
        Lookup<CacheKey, String> l = get(key("a"), key("b"), key("c"));
        assertThat(l.hits()).hasSize(3);
        assertThat(l.answeredBy()).containsExactlyInAnyOrder(Tier.L1, Tier.L3);
        assertThat(source.calls).hasSize(2);
        assertThat(source.calls.get(1)).containsExactlyInAnyOrder(key("b"), key("c"));
    }

    @Test
    void concurrentMissesShareOneLoad() throws Exception {
        source.data.put(key("a"), "closed-a");
        CompletableFuture<Void> gate = new CompletableFuture<>();
        source.gate = gate;
        List<CompletableFuture<Lookup<CacheKey, String>>> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(cache.getAll(List.of(key("a"))).toCompletableFuture());
        }
        assertThat(cache.inflight()).isEqualTo(1);
        gate.complete(null);
        for (CompletableFuture<Lookup<CacheKey, String>> f : all) {
            assertThat(f.get(5, TimeUnit.SECONDS).value(key("a"))).isEqualTo("closed-a");
        }
        assertThat(source.calls).hasSize(1);
        assertThat(cache.inflight()).isZero();
    }

    @Test
    void staleWhileRevalidateServesOldValueAndRefreshesInBackground() throws Exception {
        source.data.put(key("live"), "live-1");
        get(key("live"));
        source.data.put(key("live"), "live-2");
        time.advance(Duration.ofSeconds(3));
        Lookup<CacheKey, String> l = get(key("live"));
        assertThat(l.value(key("live"))).isEqualTo("live-1");
        assertThat(l.stale()).isFalse();
        assertThat(source.calls).hasSize(2);
        assertThat(get(key("live")).value(key("live"))).isEqualTo("live-2");
    }

    @Test
    void expiredValueIsReloadedBeforeItIsServed() throws Exception {
        source.data.put(key("live"), "live-1");
        get(key("live"));
        source.data.put(key("live"), "live-2");
        time.advance(Duration.ofSeconds(11));
        Lookup<CacheKey, String> l = get(key("live"));
        assertThat(l.value(key("live"))).isEqualTo("live-2");
        assertThat(l.answeredBy()).containsExactly(Tier.L3);
    }

    @Test
    void sourceFailureServesExpiredValueMarkedStaleWithinStaleIfError() throws Exception {
        source.data.put(key("live"), "live-1");
        get(key("live"));
        source.failure = new TierUnavailableException(Tier.L3, "test/l3 down", null);
        time.advance(Duration.ofSeconds(11));
        Lookup<CacheKey, String> l = get(key("live"));
        assertThat(l.value(key("live"))).isEqualTo("live-1");
        assertThat(l.stale()).isTrue();
        time.advance(Duration.ofMinutes(5));
        ExecutionException e = assertThrows(ExecutionException.class, () -> get(key("live")));
        assertThat(e.getCause()).isInstanceOf(TierUnavailableException.class).hasMessage("test/l3 down");
    }

    @Test
    void aValueLoadedBeforeAnInvalidationIsNotKeptAfterIt() throws Exception {
        source.data.put(key("a"), "closed-old");
        CompletableFuture<Void> gate = new CompletableFuture<>();
        source.gate = gate;
        CompletableFuture<Lookup<CacheKey, String>> slow = cache.getAll(List.of(key("a"))).toCompletableFuture();
        l1.invalidateGroup(key("a").group());
        gate.complete(null);
        assertThat(slow.get(5, TimeUnit.SECONDS).value(key("a"))).isEqualTo("closed-old");
        assertThat(l1.getIfPresent(key("a"))).isNull();
    }

    @Test
    void l1ForgetsEntriesOnlyAfterTheStaleIfErrorWindow() {
        CacheEntry<String> e = new CacheEntry<>("x", 0, time.currentTimeMillis() + 1000,
                time.currentTimeMillis() + 1000, 0);
        l1.put(key("a"), e);
        time.advance(Duration.ofSeconds(2));
        assertThat(l1.getIfPresent(key("a"))).isEqualTo(e);
        time.advance(Duration.ofMinutes(5));
        assertThat(l1.getIfPresent(key("a"))).isNull();
    }
}
