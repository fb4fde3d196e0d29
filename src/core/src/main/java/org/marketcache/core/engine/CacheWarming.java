package org.marketcache.core.engine;

import static org.marketcache.core.engine.Completions.guarded;
import static org.marketcache.core.engine.Completions.unwrap;

import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.RemoteTier.Fill;
import org.marketcache.core.tier.Tier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Warm-up of one cache, apart from its read path: the scheduled warm-up run loads hot keys into L2
 * ({@link #refill}), and a new pod copies them from L2 into its L1 before it reports ready ({@link #preloadL1}).
 * Neither answers a reader, so neither joins the read path's single flight or leases; both keep its guards: L1
 * fills under the generations taken before the read, L2 fills compare-and-set on what the read saw.
 */
public final class CacheWarming<K extends CacheKey, V> {
    private final TierSet<K, V> tiers;

    CacheWarming(TierSet<K, V> tiers) {
        this.tiers = tiers;
    }

    /**
     * Copies what L2 holds for {@code keys} into this pod's L1 and nothing else: no source load, no refresh, so a
     * pod warming itself at start-up cannot stampede the database. Fills are guarded by the L1 generations taken
     * before the read, like every other L1 fill. Answers how many keys L1 now holds from this call.
     */
    public CompletionStage<Integer> preloadL1(Collection<K> keys) {
        if (tiers.l2 == null || keys.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        List<K> list = new ArrayList<>(keys);
        Map<String, Long> localGens = tiers.localGenerations(list);
        long start = System.nanoTime();
        return guarded(() -> tiers.l2.read(list)).thenApply(read -> {
            tiers.meters.latency(Tier.L2, System.nanoTime() - start);
            long now = tiers.time.currentTimeMillis();
            int kept = 0;
            for (K k : list) {
                CacheEntry<V> e = read.entries().get(k);
                if (e != null && e.isUsable(now) && tiers.fillL1(k, e, now, localGens)) {
                    kept++;
                }
            }
            return kept;
        });
    }

    /**
     * Loads {@code keys} from the source and writes them to L2, waiting for the write (warm-up must know what
     * reached L2, where {@link TieredCache#reload} fills in the background). The write is conditional like every
     * fill: on the group generations and key versions read from L2 just before the load, so an invalidation that
     * happens while the load runs still wins. L1 is left alone. Answers the keys written to L2; keys the source
     * does not have, and keys whose fill was refused, are absent.
     */
    public CompletionStage<Set<K>> refill(Collection<K> keys) {
        return refill(keys, () -> CompletableFuture.completedFuture(null));
    }

    /**
     * {@link #refill(Collection)}, waiting for {@code permit} right before the source load: a caller's rate limit
     * then applies to the query itself, not to the L2 read ahead of it.
     */
    public CompletionStage<Set<K>> refill(Collection<K> keys, Supplier<? extends CompletionStage<?>> permit) {
        if (tiers.l2 == null || keys.isEmpty()) {
            return CompletableFuture.completedFuture(Set.of());
        }
        List<K> list = new ArrayList<>(keys);
        return guarded(() -> tiers.l2.read(list)).thenCompose(read -> permit.get().thenApply(v -> read))
                .thenCompose(read -> {
            long start = System.nanoTime();
            return guarded(() -> tiers.l3.getAll(list)).handle((entries, err) -> {
                long nanos = System.nanoTime() - start;
                tiers.meters.latency(Tier.L3, nanos);
                tiers.meters.load(err == null, nanos);
                if (err != null) {
                    return CompletableFuture.<Set<K>>failedFuture(unwrap(err));
                }
                List<Fill<K, V>> fills = new ArrayList<>(entries.size());
                for (Map.Entry<K, CacheEntry<V>> e : entries.entrySet()) {
                    fills.add(Fill.after(read, e.getKey(), e.getValue()));
                }
                if (fills.isEmpty()) {
                    return CompletableFuture.completedFuture(Set.<K>of());
                }
                return guarded(() -> tiers.l2.fill(fills));
            }).thenCompose(Function.identity());
        });
    }
}
