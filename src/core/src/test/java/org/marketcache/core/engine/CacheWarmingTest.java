package org.marketcache.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.marketcache.core.engine.EngineFixture.key;
import static org.marketcache.core.engine.EngineFixture.now;

import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** Warm-up refills of L2 and start-up copies into L1 ({@link CacheWarming}) over in-memory tiers. */
class CacheWarmingTest {
    final EngineFixture f = new EngineFixture();
    final CacheKey a = key("a");
    final CacheKey b = key("b");
    final CacheKey c = key("c");

    @Test
    void refillWritesWhatTheSourceHasToL2AndLeavesL1Alone() {
        f.source.data.put(a, "closed-a");
        f.source.data.put(b, "live-b");

        Set<CacheKey> written = now(f.cache.warming().refill(List.of(a, b, c)));

        assertThat(written).containsExactlyInAnyOrder(a, b);
        assertThat(f.inL2(a)).isEqualTo("closed-a");
        assertThat(f.inL2(b)).isEqualTo("live-b");
        assertThat(f.l2.version(c)).as("nothing written for a key the source lacks").isEqualTo(-1);
        assertThat(f.cache.view().l1Entry(a)).isNull();
        assertThat(f.source.calls).containsExactly(List.of(a, b, c));
    }

    @Test
    void refillWritesOverTheVersionItRead() {
        f.source.data.put(a, "live-1");
        f.read(a);
        f.source.data.put(a, "live-2");

        assertThat(now(f.cache.warming().refill(List.of(a)))).containsExactly(a);

        assertThat(f.inL2(a)).isEqualTo("live-2");
        assertThat(f.l2.version(a)).isEqualTo(1);
    }

    @Test
    void refillTakesThePermitBetweenTheL2ReadAndTheSourceQuery() {
        f.source.data.put(a, "closed-a");
        CompletableFuture<Void> permit = new CompletableFuture<>();

        CompletableFuture<Set<CacheKey>> refill = f.cache.warming().refill(List.of(a), () -> permit)
                .toCompletableFuture();

        assertThat(f.l2.reads()).isEqualTo(1);
        assertThat(f.source.calls).as("no query before the permit").isEmpty();
        assertThat(refill).isNotDone();
        permit.complete(null);
        assertThat(now(refill)).containsExactly(a);
    }

    @Test
    void anInvalidationWhileTheSourceLoadRunsWinsOverTheRefill() {
        f.source.data.put(a, "closed-old");
        CompletableFuture<Void> load = new CompletableFuture<>();
        f.source.gate = load;

        CompletableFuture<Set<CacheKey>> refill = f.cache.warming().refill(List.of(a)).toCompletableFuture();
        now(f.cache.invalidateGroup(a.group()));
        load.complete(null);

        assertThat(now(refill)).isEmpty();
        assertThat(f.l2.stored(a)).isNull();
    }

    @Test
    void preloadL1CopiesUsableL2EntriesAndNeverAsksTheSource() {
        long t = f.time.currentTimeMillis();
        f.l2.putAll(Map.of(a, f.policy.stamp(a, "closed-a", t),
                b, new CacheEntry<>("live-b", t - 20_000, t - 15_000, t - 10_000, 0)));

        assertThat(now(f.cache.warming().preloadL1(List.of(a, b, c)))).isEqualTo(1);

        assertThat(f.cache.view().l1Entry(a).value()).isEqualTo("closed-a");
        assertThat(f.cache.view().l1Entry(b)).as("expired in L2: not copied").isNull();
        assertThat(f.cache.view().l1Entry(c)).isNull();
        assertThat(f.source.calls).isEmpty();
    }

    @Test
    void preloadL1KeepsNothingReadBeforeAnInvalidation() {
        f.l2.putAll(Map.of(a, f.policy.stamp(a, "closed-a", f.time.currentTimeMillis())));
        CompletableFuture<Void> slowRead = new CompletableFuture<>();
        f.l2.holdReads(slowRead);

        CompletableFuture<Integer> preload = f.cache.warming().preloadL1(List.of(a)).toCompletableFuture();
        f.cache.invalidateL1Group(a.group());
        slowRead.complete(null);

        assertThat(now(preload)).isZero();
        assertThat(f.cache.view().l1Entry(a)).isNull();
    }
}
