package org.marketcache.warm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.marketcache.core.tier.CacheKey;

/**
 * Bounded fan-out for warm-up's L2 reads. The tier sends one {@code MGET} per group (instrument), all at once, which
 * suits a request (one or two instruments) but not a warm-up over hundreds: the Redis client's connection pool
 * queues only so many waiting requests ({@code quarkus.redis.max-pool-waiting}, 24 by default) and fails the rest.
 * Warm-up therefore reads in chunks of a few groups, one chunk after the other.
 */
final class GroupChunks {
    /** Groups per chunk: a chunk's MGETs go out together, well under the pool's queue. */
    static final int GROUPS_PER_CHUNK = 8;

    private GroupChunks() {
    }

    /** {@code keys} split into lists that each span at most {@code maxGroups} groups, in first-seen order. */
    static <K extends CacheKey> List<List<K>> of(List<K> keys, int maxGroups) {
        Map<String, List<K>> groups = new LinkedHashMap<>();
        for (K k : keys) {
            groups.computeIfAbsent(k.group(), g -> new ArrayList<>()).add(k);
        }
        List<List<K>> out = new ArrayList<>();
        List<K> current = new ArrayList<>();
        int inCurrent = 0;
        for (List<K> g : groups.values()) {
            if (inCurrent == maxGroups) {
                out.add(current);
                current = new ArrayList<>();
                inCurrent = 0;
            }
            current.addAll(g);
            inCurrent++;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /** Runs {@code step} on each item, the next one after the previous finished (a failure stops the chain). */
    static <T> CompletionStage<Void> sequentially(List<T> items, Function<T, CompletionStage<?>> step) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (T item : items) {
            chain = chain.thenCompose(v -> step.apply(item)).thenApply(x -> null);
        }
        return chain;
    }
}
