package org.marketcache.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.marketcache.core.engine.EngineFixture.key;
import static org.marketcache.core.engine.EngineFixture.now;

import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.Tier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/**
 * Single flight across pods on the read path: a key another pod holds the lease on is awaited in L2, taken over
 * when the lease comes free, and loaded here once {@code leaseWait} has passed on the injected clock. The other pod
 * is played by the test through {@link org.marketcache.core.testing.InMemoryLoadCoordinator}; the poll timers fire
 * only when the test says ({@link org.marketcache.core.testing.ManualDelayer}), moving the clock by their length.
 */
class TieredCacheLeaseTest {
    final CacheKey a = key("a");

    @Test
    void aKeyAnotherPodIsLoadingIsAwaitedInL2NotLoadedAgain() {
        EngineFixture f = new EngineFixture();
        f.source.data.put(a, "closed-a");
        f.leases.holdForAnotherPod(List.of(a));

        CompletableFuture<Lookup<CacheKey, String>> read = f.cache.getAll(List.of(a)).toCompletableFuture();
        assertThat(read).isNotDone();
        f.l2.putAll(Map.of(a, f.policy.stamp(a, "closed-a", f.time.currentTimeMillis())));
        f.delayer.fireNext();

        Lookup<CacheKey, String> got = now(read);
        assertThat(got.value(a)).isEqualTo("closed-a");
        assertThat(got.answeredBy()).containsExactly(Tier.L2);
        assertThat(f.source.calls).isEmpty();
        assertThat(f.cache.view().l1Entry(a)).as("the awaited value fills L1").isNotNull();
    }

    @Test
    void aLeaseThatComesFreeWhileWaitingIsTakenOverAtOnce() {
        EngineFixture f = new EngineFixture();
        f.source.data.put(a, "closed-a");
        f.leases.holdForAnotherPod(List.of(a));

        CompletableFuture<Lookup<CacheKey, String>> read = f.cache.getAll(List.of(a)).toCompletableFuture();
        f.delayer.fireNext();
        assertThat(read).as("L2 still empty, lease still held").isNotDone();
        f.leases.releaseForAnotherPod(List.of(a));
        f.delayer.fireNext();

        Lookup<CacheKey, String> got = now(read);
        assertThat(got.answeredBy()).containsExactly(Tier.L3);
        assertThat(f.source.calls).containsExactly(List.of(a));
        assertThat(f.leases.acquired()).containsExactly(a);
        assertThat(f.leases.released()).as("given back after the L2 fill").containsExactly(a);
        assertThat(f.inL2(a)).isEqualTo("closed-a");
        assertThat(f.time.currentTimeMillis() - 1_000_000).as("10 ms + 20 ms of polling").isEqualTo(30);
    }

    @Test
    void pastLeaseWaitOnTheInjectedClockThePodLoadsTheKeyItself() {
        EngineFixture f = new EngineFixture(new TieredCache.Settings(Duration.ofMillis(100), Duration.ofMillis(10)));
        f.source.data.put(a, "closed-a");
        f.leases.holdForAnotherPod(List.of(a));

        CompletableFuture<Lookup<CacheKey, String>> read = f.cache.getAll(List.of(a)).toCompletableFuture();
        // Polls after 10, 20, 40 and 50 ms (doubling, at most 50): 120 ms on the clock, past the 100 ms wait.
        for (int i = 0; i < 3; i++) {
            f.delayer.fireNext();
            assertThat(read).as("waiting after poll %d", i + 1).isNotDone();
        }
        f.delayer.fireNext();

        Lookup<CacheKey, String> got = now(read);
        assertThat(got.answeredBy()).containsExactly(Tier.L3);
        assertThat(f.delayer.pending()).isZero();
        assertThat(f.leases.acquired()).as("loaded without the lease").isEmpty();
        assertThat(f.source.calls).containsExactly(List.of(a));
    }
}
