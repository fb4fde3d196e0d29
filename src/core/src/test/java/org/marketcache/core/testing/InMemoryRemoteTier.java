package org.marketcache.core.testing;

import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.RemoteTier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An L2 in a map, with the rules of the Redis tier's scripts: a fill writes only in the group generation and over
 * the key version it names ({@link RemoteTier.Fill}); a tombstone takes the version after the one it replaces, so a
 * fill that saw the key absent or older is refused; a group invalidation bumps the generation and drops the
 * group's values. Tests can fail it, hold its reads open, and put another writer in just before the next fill, so
 * write and fill races run deterministically without a Redis.
 */
public final class InMemoryRemoteTier<K extends CacheKey, V> implements RemoteTier<K, V> {
    /** A stored key: a value, or a tombstone ({@code entry == null}), with its version. */
    private record Slot<V>(CacheEntry<V> entry, long version) {
    }

    private final Map<K, Slot<V>> slots = new HashMap<>();
    private final Map<String, Long> generations = new HashMap<>();
    private final ConcurrentLinkedQueue<Runnable> beforeFill = new ConcurrentLinkedQueue<>();
    /** Set while another writer runs, so its own fill does not start the next one. */
    private final ThreadLocal<Boolean> inOtherWriter = ThreadLocal.withInitial(() -> false);
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger fills = new AtomicInteger();
    private volatile CompletableFuture<Void> readGate = CompletableFuture.completedFuture(null);
    private volatile RuntimeException failure;

    @Override
    public CompletionStage<RemoteRead<K, V>> read(Collection<K> keys) {
        reads.incrementAndGet();
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        List<K> asked = new ArrayList<>(keys);
        return readGate.thenApply(v -> snapshot(asked));
    }

    private synchronized RemoteRead<K, V> snapshot(List<K> keys) {
        Map<K, CacheEntry<V>> entries = new HashMap<>();
        Map<K, Long> versions = new HashMap<>();
        Map<String, Long> gens = new HashMap<>();
        for (K k : keys) {
            Slot<V> s = slots.get(k);
            if (s != null) {
                versions.put(k, s.version());
                if (s.entry() != null) {
                    entries.put(k, s.entry());
                }
            }
            gens.put(k.group(), generation(k.group()));
        }
        return new RemoteRead<>(entries, versions, gens, 0);
    }

    @Override
    public CompletionStage<Set<K>> fill(Collection<Fill<K, V>> toWrite) {
        fills.incrementAndGet();
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        Runnable other = inOtherWriter.get() ? null : beforeFill.poll();
        if (other != null) {
            inOtherWriter.set(true);
            try {
                other.run();
            } finally {
                inOtherWriter.set(false);
            }
        }
        Set<K> written = new HashSet<>();
        synchronized (this) {
            for (Fill<K, V> f : toWrite) {
                if (generation(f.key().group()) != f.expectedGeneration()) {
                    continue;
                }
                if (f.expectedVersion() != ANY && f.expectedVersion() != version(f.key())) {
                    continue;
                }
                slots.put(f.key(), new Slot<>(f.entry(), f.entry().version()));
                written.add(f.key());
            }
        }
        return CompletableFuture.completedFuture(written);
    }

    @Override
    public CompletionStage<Long> invalidateGroup(String group) {
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        long removed = 0;
        synchronized (this) {
            generations.merge(group, 1L, Long::sum);
            for (var it = slots.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().group().equals(group)) {
                    removed += e.getValue().entry() != null ? 1 : 0;
                    it.remove();
                }
            }
        }
        return CompletableFuture.completedFuture(removed);
    }

    /** Tombstones the keys, as exact-key invalidation does; answers how many held a value. */
    @Override
    public CompletionStage<Long> invalidateAll(Collection<K> keys) {
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        long removed = 0;
        synchronized (this) {
            for (K k : keys) {
                Slot<V> s = slots.get(k);
                removed += s != null && s.entry() != null ? 1 : 0;
                slots.put(k, new Slot<>(null, s == null ? 0 : s.version() + 1));
            }
        }
        return CompletableFuture.completedFuture(removed);
    }

    /** Writes over whatever is there, in the current generation. */
    @Override
    public synchronized CompletionStage<Void> putAll(Map<K, CacheEntry<V>> entries) {
        entries.forEach((k, e) -> slots.put(k, new Slot<>(e, e.version())));
        return CompletableFuture.completedFuture(null);
    }

    // ---- for tests ----------------------------------------------------------------------------------------------

    /** The value stored under {@code key}, usable or not; {@code null} if absent or tombstoned. */
    public synchronized CacheEntry<V> stored(K key) {
        Slot<V> s = slots.get(key);
        return s == null ? null : s.entry();
    }

    public synchronized boolean tombstoned(K key) {
        Slot<V> s = slots.get(key);
        return s != null && s.entry() == null;
    }

    /** The key's version, or {@link #ABSENT}. */
    public synchronized long version(K key) {
        Slot<V> s = slots.get(key);
        return s == null ? ABSENT : s.version();
    }

    public synchronized long generation(String group) {
        return generations.getOrDefault(group, 0L);
    }

    /**
     * Runs {@code other} once, right before the next fill is applied: another writer getting in between. Several
     * queued writers run before successive fills; a fill {@code other} makes itself starts none of them.
     */
    public void beforeNextFill(Runnable other) {
        beforeFill.add(other);
    }

    /** Reads from now on answer only when {@code gate} completes (a slow Redis, or a read held at a chosen point). */
    public void holdReads(CompletableFuture<Void> gate) {
        this.readGate = gate;
    }

    /** Every call fails with {@code e} from now on; {@code null} heals it. */
    public void failWith(RuntimeException e) {
        this.failure = e;
    }

    public int reads() {
        return reads.get();
    }

    public int fills() {
        return fills.get();
    }
}
