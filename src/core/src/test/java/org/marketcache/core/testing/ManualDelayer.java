package org.marketcache.core.testing;

import org.marketcache.core.engine.Delayer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Timers that fire only when the test says: each wait is queued, and {@link #fireNext} moves the
 * {@link ManualTimeSource} on by that wait and completes it (on the test's thread). A poll loop then advances one
 * step per call, and a deadline on the clock is reached exactly when the test has fired enough waits.
 */
public final class ManualDelayer implements Delayer {
    private record Wait(long millis, CompletableFuture<Void> done) {
    }

    private final ManualTimeSource time;
    private final ConcurrentLinkedQueue<Wait> waits = new ConcurrentLinkedQueue<>();

    public ManualDelayer(ManualTimeSource time) {
        this.time = time;
    }

    @Override
    public CompletionStage<Void> after(long millis) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        waits.add(new Wait(millis, done));
        return done;
    }

    /** Waits queued and not yet fired. */
    public int pending() {
        return waits.size();
    }

    /**
     * Fires the oldest wait, after moving the clock on by its length; answers that length.
     *
     * @throws IllegalStateException if nothing waits (the code under test did not start a timer)
     */
    public Duration fireNext() {
        Wait w = waits.poll();
        if (w == null) {
            throw new IllegalStateException("no timer is waiting: the code under test started none");
        }
        time.advance(Duration.ofMillis(w.millis()));
        w.done().complete(null);
        return Duration.ofMillis(w.millis());
    }
}
