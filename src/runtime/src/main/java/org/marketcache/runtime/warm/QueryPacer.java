package org.marketcache.runtime.warm;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

import org.marketcache.core.Delayer;

/**
 * Spaces database queries evenly: at most {@code perSecond} starts per second, one every {@code 1/perSecond}, and
 * never a burst to catch up after a pause. Waiting is a timer ({@link Delayer}), not a parked thread.
 *
 * <p>Why not SmallRye Fault Tolerance's {@code @RateLimit}: it rejects calls over the limit
 * ({@code RateLimitException}), which protects an endpoint but does not pace a batch that must do every load in
 * the end; retrying rejected calls would turn into polling. A batch wants a limiter that waits its turn.
 */
final class QueryPacer {
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Delayer delayer;
    private long next;

    QueryPacer(int perSecond, Delayer delayer) {
        this(perSecond, delayer, System::nanoTime);
    }

    QueryPacer(int perSecond, Delayer delayer, LongSupplier nanoTime) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("marketcache.warmup.max-queries-per-second must be at least 1: "
                    + perSecond);
        }
        this.intervalNanos = 1_000_000_000L / perSecond;
        this.delayer = delayer;
        this.nanoTime = nanoTime;
        this.next = nanoTime.getAsLong();
    }

    /** Completes when the caller may start its query; slots are handed out in call order. */
    CompletionStage<Void> acquire() {
        long now = nanoTime.getAsLong();
        long slot;
        synchronized (this) {
            slot = Math.max(now, next);
            next = slot + intervalNanos;
        }
        long waitNanos = slot - now;
        if (waitNanos <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        // Round up: a timer that fires early would let two queries closer than the interval.
        return delayer.after((waitNanos + 999_999) / 1_000_000);
    }
}
