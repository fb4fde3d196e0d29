package org.marketcache.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.marketcache.core.engine.EngineFixture.key;
import static org.marketcache.core.engine.EngineFixture.now;

import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.RemoteTier;
import org.marketcache.core.tier.RemoteTier.Fill;
import org.marketcache.core.tier.Tier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** Write-through, write-back and patches ({@link CacheWrites}) over in-memory tiers: no Redis, no sleeps. */
class CacheWritesTest {
    final EngineFixture f = new EngineFixture();
    final CacheKey a = key("a");
    final CacheKey b = key("b");
    final CacheKey c = key("c");

    @Test
    void rewriteFromSourceReplacesTheL2ValueAndDropsThisPodsL1Copy() {
        f.source.data.put(a, "live-1");
        f.read(a);
        assertThat(f.cache.view().l1Entry(a)).isNotNull();
        f.source.data.put(a, "live-2");

        assertThat(now(f.cache.writes().rewriteFromSource(List.of(a)))).containsExactly(a);

        assertThat(f.inL2(a)).isEqualTo("live-2");
        assertThat(f.l2.version(a)).as("one write over version 0").isEqualTo(1);
        assertThat(f.cache.view().l1Entry(a)).isNull();
    }

    @Test
    void rewriteFromSourceTombstonesAKeyTheSourceNoLongerHas() {
        f.source.data.put(a, "live-1");
        f.read(a);
        f.source.data.remove(a);

        assertThat(now(f.cache.writes().rewriteFromSource(List.of(a)))).isEmpty();

        assertThat(f.l2.tombstoned(a)).isTrue();
    }

    @Test
    void writeBackChangesL2WithoutTouchingTheSource() {
        f.source.data.put(a, "live-1");
        f.read(a);

        assertThat(now(f.cache.writes().writeBack(a, v -> v + "+x", 3))).isTrue();

        assertThat(f.inL2(a)).isEqualTo("live-1+x");
        assertThat(f.source.data.get(a)).as("the source does not have it yet").isEqualTo("live-1");
        assertThat(f.source.calls).as("only the first read loaded").hasSize(1);
        assertThat(f.cache.view().l1Entry(a)).isNull();
    }

    @Test
    void writeBackStartsFromTheSourceWhenL2HoldsNoUsableValue() {
        f.source.data.put(a, "live-1");
        List<String> seen = new ArrayList<>();

        assertThat(now(f.cache.writes().writeBack(a, v -> record(seen, v, "+x"), 3))).isTrue();
        assertThat(now(f.cache.writes().writeBack(b, v -> record(seen, v, "new"), 3))).isTrue();

        assertThat(seen).containsExactly("live-1", null);
        assertThat(f.inL2(a)).isEqualTo("live-1+x");
        assertThat(f.inL2(b)).isEqualTo("new");
    }

    static String record(List<String> seen, String v, String change) {
        seen.add(v);
        return v == null ? change : v + change;
    }

    @Test
    void writeBackTriesAgainOnTheValueOfAWriterThatGotInBetween() {
        f.source.data.put(a, "live-1");
        f.read(a);
        List<String> seen = new ArrayList<>();
        f.l2.beforeNextFill(() -> f.anotherWriterWrites(a, "live-1+other"));

        assertThat(now(f.cache.writes().writeBack(a, v -> record(seen, v, "+x"), 3))).isTrue();

        assertThat(seen).containsExactly("live-1", "live-1+other");
        assertThat(f.inL2(a)).isEqualTo("live-1+other+x");
    }

    @Test
    void writeBackTombstonesAKeyItKeepsLosingSoNoReaderSeesAValueWithoutTheChange() {
        f.source.data.put(a, "live-1");
        f.read(a);
        f.l2.beforeNextFill(() -> f.anotherWriterWrites(a, "other-1"));
        f.l2.beforeNextFill(() -> f.anotherWriterWrites(a, "other-2"));

        assertThat(now(f.cache.writes().writeBack(a, v -> v + "+x", 2))).isFalse();

        assertThat(f.l2.tombstoned(a)).isTrue();
        Lookup<CacheKey, String> next = f.read(a);
        assertThat(next.answeredBy()).containsExactly(Tier.L3);
    }

    @Test
    void patchChangesUsableValuesInPlaceTombstonesTheRestAndNeverLoadsFromTheSource() {
        f.source.data.put(a, "closed-a");
        f.source.data.put(c, "closed-c");
        f.read(a, c);
        int loads = f.source.calls.size();
        List<Map<CacheKey, String>> given = new ArrayList<>();

        var patched = now(f.cache.writes().patch(List.of(a, b, c), current -> {
            given.add(Map.copyOf(current));
            return CompletableFuture.completedFuture(Map.of(a, current.get(a) + "+p"));
        }, 3));

        assertThat(patched).containsExactly(a);
        assertThat(given).as("change gets only what L2 holds").containsExactly(Map.of(a, "closed-a", c, "closed-c"));
        assertThat(f.inL2(a)).isEqualTo("closed-a+p");
        assertThat(f.l2.tombstoned(b)).as("no value in L2: tombstoned, not loaded").isTrue();
        assertThat(f.l2.tombstoned(c)).as("left out by change").isTrue();
        assertThat(f.source.calls).hasSize(loads);
        assertThat(f.cache.view().l1Entry(a)).isNull();
        assertThat(f.cache.view().l1Entry(c)).isNull();
    }

    @Test
    void patchTriesAgainFromANewReadWhenAnotherWriterGotInBetween() {
        f.source.data.put(a, "closed-a");
        f.read(a);
        f.l2.beforeNextFill(() -> f.anotherWriterWrites(a, "closed-other"));

        var patched = now(f.cache.writes().patch(List.of(a),
                current -> CompletableFuture.completedFuture(Map.of(a, current.get(a) + "+p")), 2));

        assertThat(patched).containsExactly(a);
        assertThat(f.inL2(a)).isEqualTo("closed-other+p");
    }

    @Test
    void whenTheChangeFailsPatchTombstonesEveryKeyNotYetWritten() {
        f.source.data.put(a, "closed-a");
        f.read(a);

        var patched = now(f.cache.writes().patch(List.of(a),
                current -> CompletableFuture.failedFuture(new IllegalStateException("rollup query failed")), 3));

        assertThat(patched).isEmpty();
        assertThat(f.l2.tombstoned(a)).isTrue();
    }

    @Test
    void aReadersFillPreparedBeforeAPatchIsRefusedAfterIt() {
        f.source.data.put(a, "closed-a");
        f.read(a);
        RemoteTier.RemoteRead<CacheKey, String> seen = now(f.l2.read(List.of(a)));

        now(f.cache.writes().patch(List.of(a),
                current -> CompletableFuture.completedFuture(new HashMap<>(Map.of(a, "closed-a+p"))), 1));

        var old = f.policy.stamp(a, "closed-a", f.time.currentTimeMillis());
        assertThat(now(f.l2.fill(List.of(Fill.after(seen, a, old))))).isEmpty();
        assertThat(f.inL2(a)).isEqualTo("closed-a+p");
    }
}
