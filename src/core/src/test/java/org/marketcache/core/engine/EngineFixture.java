package org.marketcache.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.marketcache.core.policy.TtlPolicy;
import org.marketcache.core.testing.InMemoryLoadCoordinator;
import org.marketcache.core.testing.InMemoryRemoteTier;
import org.marketcache.core.testing.ManualDelayer;
import org.marketcache.core.testing.ManualTimeSource;
import org.marketcache.core.testing.MapSourceTier;
import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.CaffeineTier;
import org.marketcache.core.tier.LocalStore;
import org.marketcache.core.tier.RemoteTier.Fill;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * One cache over in-memory tiers (L1 on Caffeine, {@link InMemoryRemoteTier}, {@link MapSourceTier}), in-memory
 * leases, a manual clock and manual timers. Every tier answers on the caller's thread, so a stage the engine returns
 * is complete as soon as nothing it waits for is held open by the test: {@link #now} asserts exactly that.
 */
final class EngineFixture {
    /** Values starting with "closed" are immutable (an hour); others are fresh 2 s, usable 10 s. */
    static final TtlPolicy.Settings POLICY = new TtlPolicy.Settings(Duration.ofHours(1), Duration.ofSeconds(2),
            Duration.ofSeconds(10), 0.0, Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofMinutes(5));

    final ManualTimeSource time = new ManualTimeSource(1_000_000);
    final ManualDelayer delayer = new ManualDelayer(time);
    final TtlPolicy<CacheKey, String> policy = new TtlPolicy<>(POLICY, v -> v.startsWith("closed"));
    final CaffeineTier<CacheKey, String> l1 = new CaffeineTier<>(
            LocalStore.caffeine(Caffeine.newBuilder().maximumSize(1000).build()), time, policy);
    final InMemoryRemoteTier<CacheKey, String> l2 = new InMemoryRemoteTier<>();
    final MapSourceTier<CacheKey, String> source = new MapSourceTier<>(policy, time);
    final InMemoryLoadCoordinator<CacheKey> leases = new InMemoryLoadCoordinator<>();
    final TieredCache<CacheKey, String> cache;

    EngineFixture() {
        this(new TieredCache.Settings(Duration.ofMillis(200), Duration.ofMillis(10)));
    }

    EngineFixture(TieredCache.Settings settings) {
        cache = TieredCache.<CacheKey, String>builder("test").l1(l1).l2(l2).l3(source).policy(policy)
                .coordinator(leases).time(time).delayer(delayer).settings(settings).build();
    }

    static CacheKey key(String id) {
        return new CacheKey("test", "binance:BTC-USDT", id);
    }

    /** The stage's result, which must already be there. */
    static <T> T now(CompletionStage<T> stage) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        assertThat(f).as("completed without waiting").isDone();
        return f.join();
    }

    /** Reads through the whole read path (L1, L2, source), which fills L1 and L2. */
    Lookup<CacheKey, String> read(CacheKey... keys) {
        return now(cache.getAll(List.of(keys)));
    }

    /** Another writer's compare-and-set of {@code value} over whatever L2 holds now. */
    void anotherWriterWrites(CacheKey key, String value) {
        var seen = now(l2.read(List.of(key)));
        CacheEntry<String> entry = policy.stamp(key, value, time.currentTimeMillis());
        assertThat(now(l2.fill(List.of(Fill.after(seen, key, entry))))).as("the other writer's write")
                .containsExactly(key);
    }

    /** The value L2 stores for {@code key}, or {@code null}. */
    String inL2(CacheKey key) {
        CacheEntry<String> e = l2.stored(key);
        return e == null ? null : e.value();
    }
}
