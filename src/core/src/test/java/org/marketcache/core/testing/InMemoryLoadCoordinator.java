package org.marketcache.core.testing;

import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.LoadCoordinator;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Leases in a set, shared by "this pod" (the engine under test) and another pod played by the test: the test takes
 * a key for the other pod ({@link #holdForAnotherPod}) and gives it back when it likes ({@link #releaseForAnotherPod},
 * standing for the other pod's load failing or its lease expiring), so lease waits and take-overs run
 * deterministically.
 */
public final class InMemoryLoadCoordinator<K extends CacheKey> implements LoadCoordinator<K> {
    private final Set<K> ours = new HashSet<>();
    private final Set<K> theirs = new HashSet<>();
    private final List<K> acquired = new CopyOnWriteArrayList<>();
    private final List<K> released = new CopyOnWriteArrayList<>();

    @Override
    public synchronized CompletionStage<Set<K>> tryAcquire(Collection<K> keys) {
        Set<K> granted = new HashSet<>();
        for (K k : keys) {
            if (!theirs.contains(k)) {
                ours.add(k);
                granted.add(k);
                acquired.add(k);
            }
        }
        return CompletableFuture.completedFuture(granted);
    }

    @Override
    public synchronized void release(Collection<K> keys) {
        for (K k : keys) {
            if (ours.remove(k)) {
                released.add(k);
            }
        }
    }

    public synchronized void holdForAnotherPod(Collection<K> keys) {
        theirs.addAll(keys);
    }

    public synchronized void releaseForAnotherPod(Collection<K> keys) {
        theirs.removeAll(keys);
    }

    /** Keys this pod holds a lease on now. */
    public synchronized Set<K> heldHere() {
        return Set.copyOf(ours);
    }

    /** Every lease this pod was granted, in order (a key leased twice appears twice). */
    public List<K> acquired() {
        return List.copyOf(acquired);
    }

    /** Every lease this pod gave back, in order. */
    public List<K> released() {
        return List.copyOf(released);
    }
}
