package org.marketcache.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.CacheTier;
import org.marketcache.core.codec.CorruptValueException;
import org.marketcache.core.testing.ManualTimeSource;
import org.marketcache.core.tier.TierTimeoutException;
import org.marketcache.core.engine.Completions;

/**
 * The contract of a caching {@link CacheTier}: absent key, round trip, expiry with injected time, invalidation, a
 * corrupt stored value, and a deadline. L1 ({@code CaffeineTierContractTest}) and L2 ({@code RedisTierContractIT})
 * run it; a tier subclass supplies the fixtures and the two things only it can do (store a corrupt value, stop
 * answering).
 *
 * <p>An L3 source tier does not run it, because it is not a cache: it loads what it answers from the database, the
 * system of record, so nothing in it expires or is invalidated (it stamps each load with the current time and keeps
 * its data), a row it cannot decode is a {@link CorruptValueException} rather than a miss, and what it stores is
 * data of record (the derived candle timeframes accept no writes at all). The source tiers are exercised through
 * the read path by the functions' integration tests against a real PostgreSQL.
 */
public abstract class CacheTierContract<K extends CacheKey, V> {

    /** The tier under test, fresh for each test (its own keys, nothing shared). */
    protected abstract CacheTier<K, V> tier();

    protected abstract ManualTimeSource time();

    /** The {@code i}-th distinct key. */
    protected abstract K key(int i);

    /** A value that may be stored under {@code key(i)}. */
    protected abstract V value(int i);

    /** Equality of values as observed by a reader (values need not implement {@code equals}). */
    protected abstract boolean sameValue(V a, V b);

    /** How long the tier keeps an entry past {@code expireAt} (its stale-if-error retention). */
    protected abstract Duration retention();

    /** Stores something under {@code key} that the tier cannot decode. */
    protected abstract void storeCorrupt(K key) throws Exception;

    /**
     * Makes the tier's backend stop answering (for at least twice the deadline) and returns the tier's deadline;
     * returns {@code null} for a tier that never waits on anything (L1).
     */
    protected abstract Duration stopAnswering() throws Exception;

    /** Undoes {@link #stopAnswering()}. */
    protected void resumeAnswering() throws Exception {
    }

    protected static <T> T await(java.util.concurrent.CompletionStage<T> s) throws Exception {
        try {
            return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable t = Completions.unwrap(e.getCause());
            if (t instanceof Exception) {
                throw (Exception) t;
            }
            throw e;
        }
    }

    protected CacheEntry<V> entry(int i, Duration ttl) {
        long now = time().currentTimeMillis();
        return new CacheEntry<>(value(i), now, now + ttl.toMillis(), now + ttl.toMillis(), 0L);
    }

    @Test
    void absentKeyIsNotAnswered() throws Exception {
        assertThat(await(tier().getAll(List.of(key(1))))).doesNotContainKey(key(1));
    }

    @Test
    void roundTrip() throws Exception {
        CacheTier<K, V> t = tier();
        await(t.putAll(Map.of(key(1), entry(1, Duration.ofMinutes(5)), key(2), entry(2, Duration.ofMinutes(5)))));
        Map<K, CacheEntry<V>> got = await(t.getAll(List.of(key(1), key(2), key(3))));
        assertThat(got).containsKeys(key(1), key(2)).doesNotContainKey(key(3));
        assertThat(sameValue(got.get(key(1)).value(), value(1))).as("value 1 comes back as written").isTrue();
        assertThat(sameValue(got.get(key(2)).value(), value(2))).as("value 2 comes back as written").isTrue();
    }

    @Test
    void expiryFollowsInjectedTime() throws Exception {
        CacheTier<K, V> t = tier();
        await(t.putAll(Map.of(key(1), entry(1, Duration.ofSeconds(10)))));
        time().advance(Duration.ofSeconds(9));
        assertThat(await(t.getAll(List.of(key(1))))).containsKey(key(1));
        time().advance(Duration.ofSeconds(1).plus(retention()));
        assertThat(await(t.getAll(List.of(key(1))))).as("gone after expireAt + retention").doesNotContainKey(key(1));
    }

    @Test
    void invalidateRemovesTheKeyAndOnlyIt() throws Exception {
        CacheTier<K, V> t = tier();
        await(t.putAll(Map.of(key(1), entry(1, Duration.ofMinutes(5)), key(2), entry(2, Duration.ofMinutes(5)))));
        long removed = await(t.invalidateAll(List.of(key(1))));
        Map<K, CacheEntry<V>> got = await(t.getAll(List.of(key(1), key(2))));
        assertThat(removed).isEqualTo(1);
        assertThat(got).doesNotContainKey(key(1)).containsKey(key(2));
    }

    @Test
    void corruptValueIsAMiss() throws Exception {
        CacheTier<K, V> t = tier();
        await(t.putAll(Map.of(key(2), entry(2, Duration.ofMinutes(5)))));
        storeCorrupt(key(1));
        Map<K, CacheEntry<V>> got = await(t.getAll(List.of(key(1), key(2))));
        assertThat(got).doesNotContainKey(key(1)).containsKey(key(2));
    }

    @Test
    void aTierThatStopsAnsweringFailsWithinItsDeadline() throws Exception {
        CacheTier<K, V> t = tier();
        Duration deadline = stopAnswering();
        try {
            if (deadline == null) {
                assertThat(t.getAll(List.of(key(1))).toCompletableFuture().isDone())
                        .as("an in-process tier answers at once").isTrue();
                return;
            }
            long start = System.nanoTime();
            TierTimeoutException e = assertThrows(TierTimeoutException.class, () -> await(t.getAll(List.of(key(1)))));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(deadline.toMillis() - 5)
                    .isLessThan(deadline.toMillis() + 2_000);
            assertThat(e.getMessage()).contains("timed out after").contains("budget " + deadline.toMillis() + "ms");
        } finally {
            resumeAnswering();
        }
    }
}
