package org.marketcache.core.engine;

import static org.marketcache.core.engine.Completions.guarded;
import static org.marketcache.core.engine.Completions.unwrap;

import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.RemoteTier.Fill;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The write side of one cache: how the caches follow a change of the data. Three ways, by what the writer knows:
 * the source already has the change and the whole value is cheap to reload ({@link #rewriteFromSource}); the
 * source does not have it yet (write-back: {@link #writeBack}); the source has it and only a small part of a large
 * value changed ({@link #patch}).
 *
 * <p>Design note. Every write first drops this pod's L1 copies (other pods learn of the change from the event
 * the caller publishes). Every L2 write is a compare-and-set on the version and group generation of an L2 read
 * made before the new value was computed ({@link Fill#after}), so a writer never puts back a value older than one
 * it did not see, and a reader's fill prepared before the write is refused after it. A write that keeps losing
 * its race, or that cannot be made, leaves a tombstone instead: the next reader loads the key from the source,
 * and no reader sees a value without the change.
 */
public final class CacheWrites<K extends CacheKey, V> {
    private static final System.Logger LOG = System.getLogger(CacheWrites.class.getName());

    private final TierSet<K, V> tiers;
    private final CacheWarming<K, V> warming;

    CacheWrites(TierSet<K, V> tiers, CacheWarming<K, V> warming) {
        this.tiers = tiers;
        this.warming = warming;
    }

    /**
     * After the source changed for these keys (write-through): drops this pod's L1 copies, reloads the keys from
     * the source and writes them to L2 over the version L2 held (compare-and-set, guarded by the generation). A key
     * whose write lost a race with another writer, or that the source no longer has, is tombstoned so the next
     * reader loads it. Completes when L2 is settled; returns the keys written with fresh values.
     */
    public CompletionStage<Set<K>> rewriteFromSource(Collection<K> keys) {
        List<K> list = new ArrayList<>(keys);
        tiers.dropFromL1(list);
        if (tiers.l2 == null) {
            return guarded(() -> tiers.l3.getAll(list)).thenApply(m -> Set.<K>of());
        }
        return warming.refill(list).thenCompose(written -> {
            List<K> refused = new ArrayList<>();
            for (K k : list) {
                if (!written.contains(k)) {
                    refused.add(k);
                }
            }
            if (refused.isEmpty()) {
                return CompletableFuture.completedFuture(written);
            }
            return guarded(() -> tiers.l2.invalidateAll(refused)).thenApply(n -> written);
        });
    }

    /**
     * Changes one value in L2 with compare-and-set (write-back: the source does not have the change yet). The
     * current value is the usable L2 entry, or else what the source holds (or {@code null} if it holds nothing);
     * {@code change} returns the new value. Retries up to {@code attempts} times when another writer got in between;
     * if it still cannot write, the key is tombstoned so no reader sees a value without the change. This pod's L1
     * copy is dropped. Completes {@code true} when the new value is in L2.
     */
    public CompletionStage<Boolean> writeBack(K key, UnaryOperator<V> change, int attempts) {
        tiers.l1.invalidate(key);
        if (tiers.l2 == null) {
            return CompletableFuture.completedFuture(false);
        }
        return guarded(() -> tiers.l2.read(List.of(key))).thenCompose(read -> {
            long now = tiers.time.currentTimeMillis();
            CacheEntry<V> current = read.entries().get(key);
            CompletionStage<V> base = current != null && current.isUsable(now)
                    ? CompletableFuture.completedFuture(current.value())
                    : guarded(() -> tiers.l3.getAll(List.of(key))).thenApply(m -> m.get(key) == null ? null
                            : m.get(key).value());
            return base.thenCompose(v -> {
                V next = change.apply(v);
                CacheEntry<V> entry = tiers.policy.stamp(key, next, tiers.time.currentTimeMillis());
                return guarded(() -> tiers.l2.fill(List.of(Fill.after(read, key, entry))));
            }).thenCompose(written -> {
                if (written.contains(key)) {
                    return CompletableFuture.completedFuture(true);
                }
                if (attempts > 1) {
                    return writeBack(key, change, attempts - 1);
                }
                return guarded(() -> tiers.l2.invalidateAll(List.of(key))).thenApply(n -> false);
            });
        });
    }

    /**
     * Changes values that L2 already holds without ever loading a whole value from the source (write-through of a
     * small part of a large value: the candles one write touched in a chunk of a week). This pod's L1 copies are
     * dropped, then one L2 read covers every key. For the keys with a usable value, {@code change} gets the current
     * values and answers the new ones (it may read the changed parts from the source: it runs after the L2 read, so
     * what it writes is never older than the value it replaces); they are written with compare-and-set on the
     * versions and generations read, exactly as fills are. Keys whose write lost a race with a reader's fill or
     * another writer are tried again from a new L2 read, up to {@code attempts} reads in all.
     *
     * <p>Every other key is tombstoned, as {@link TieredCache#invalidate} does, and never loaded: keys L2 holds no
     * usable value for (the tombstone refuses the fill of a reader that loaded the key from the source before the
     * change; the next reader loads it whole, as it would have anyway), keys {@code change} leaves out, keys that
     * kept losing the race, and, when L2 or {@code change} fails, every key not yet written. Answers the keys whose
     * new value is in L2; fails only if the tombstones cannot be written either.
     */
    public CompletionStage<Set<K>> patch(Collection<K> keys,
            Function<Map<K, V>, ? extends CompletionStage<Map<K, V>>> change, int attempts) {
        List<K> list = new ArrayList<>(keys);
        tiers.dropFromL1(list);
        if (tiers.l2 == null || list.isEmpty()) {
            return CompletableFuture.completedFuture(Set.of());
        }
        Set<K> patched = ConcurrentHashMap.newKeySet();
        return patchRound(list, change, attempts, patched).handle((left, err) -> {
            List<K> drop = new ArrayList<>();
            if (err != null) {
                LOG.log(Level.DEBUG, () -> tiers.name + " patch failed, tombstoning instead: " + unwrap(err));
                for (K k : list) {
                    if (!patched.contains(k)) {
                        drop.add(k);
                    }
                }
            } else {
                drop.addAll(left);
            }
            if (drop.isEmpty()) {
                return CompletableFuture.<Set<K>>completedFuture(Set.copyOf(patched));
            }
            return guarded(() -> tiers.l2.invalidateAll(drop)).thenApply(n -> Set.copyOf(patched));
        }).thenCompose(Function.identity());
    }

    /** One read-change-write round of {@link #patch}; answers the keys to tombstone. */
    private CompletionStage<List<K>> patchRound(List<K> keys,
            Function<Map<K, V>, ? extends CompletionStage<Map<K, V>>> change, int attempts, Set<K> patched) {
        return guarded(() -> tiers.l2.read(keys)).thenCompose(read -> {
            long now = tiers.time.currentTimeMillis();
            Map<K, V> current = new HashMap<>();
            List<K> left = new ArrayList<>();
            for (K k : keys) {
                CacheEntry<V> e = read.entries().get(k);
                if (e != null && e.isUsable(now)) {
                    current.put(k, e.value());
                } else {
                    left.add(k);
                }
            }
            if (current.isEmpty()) {
                return CompletableFuture.completedFuture(left);
            }
            return guarded(() -> change.apply(Collections.unmodifiableMap(current))).thenCompose(next -> {
                long stampedAt = tiers.time.currentTimeMillis();
                List<Fill<K, V>> fills = new ArrayList<>(current.size());
                for (K k : current.keySet()) {
                    V v = next.get(k);
                    if (v == null) {
                        left.add(k);
                        continue;
                    }
                    fills.add(Fill.after(read, k, tiers.policy.stamp(k, v, stampedAt)));
                }
                if (fills.isEmpty()) {
                    return CompletableFuture.completedFuture(left);
                }
                return guarded(() -> tiers.l2.fill(fills)).thenCompose(written -> {
                    patched.addAll(written);
                    List<K> lost = new ArrayList<>();
                    for (Fill<K, V> f : fills) {
                        if (!written.contains(f.key())) {
                            lost.add(f.key());
                        }
                    }
                    if (lost.isEmpty() || attempts <= 1) {
                        left.addAll(lost);
                        return CompletableFuture.completedFuture(left);
                    }
                    return patchRound(lost, change, attempts - 1, patched).thenApply(more -> {
                        left.addAll(more);
                        return left;
                    });
                });
            });
        });
    }
}
