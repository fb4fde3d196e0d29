package org.marketcache.warm;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

import org.marketcache.core.engine.Delayer;

/**
 * Spaces database queries: at most {@code perSecond} per second, at least {@code 1/perSecond} apart, in call order,
 * and never a burst to catch up after a pause. Waiting is a timer ({@link Delayer}), not a parked thread.
 *
 * <p>Design note. The spacing is measured from the moment the previous caller was actually let through, not from
 * a precomputed schedule: a timer that fires late (a stalled event loop, a busy node) delays the ones after it
 * instead of letting them bunch up behind it, so the limit holds over any window, however loaded the node. The
 * waiter is completed on the timer's thread, so a caller that issues its query in the continuation starts it
 * right then.
 *
 * <p>Why not SmallRye Fault Tolerance's {@code @RateLimit}: it rejects calls over the limit
 * ({@code RateLimitException}), which protects an endpoint but does not pace a batch that must do every load in
 * the end; retrying rejected calls would turn into polling. A batch wants a limiter that waits its turn.
 */
final class QueryPacer {
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Delayer delayer;
    private final ArrayDeque<CompletableFuture<Void>> waiters = new ArrayDeque<>();
    private long lastGrant;
    private boolean granted;
    /** A grant is scheduled or about to run: new callers queue behind it. */
    private boolean pending;

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
    }

    /** Completes when the caller may start its query. */
    CompletionStage<Void> acquire() {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        long waitNanos;
        synchronized (this) {
            waiters.add(mine);
            if (pending) {
                return mine;
            }
            pending = true;
            waitNanos = granted ? lastGrant + intervalNanos - nanoTime.getAsLong() : 0;
        }
        if (waitNanos > 0) {
            schedule(waitNanos);
        } else {
            grant();
        }
        return mine;
    }

    private void schedule(long waitNanos) {
        // Round up: a timer that fired early would let two queries closer than the interval.
        delayer.after((waitNanos + 999_999) / 1_000_000).whenComplete((v, err) -> grant());
    }

    /** Lets the oldest waiter through and sets the timer for the next one, measured from now. */
    private void grant() {
        CompletableFuture<Void> next;
        boolean more;
        synchronized (this) {
            next = waiters.poll();
            if (next == null) {
                pending = false;
                return;
            }
            lastGrant = nanoTime.getAsLong();
            granted = true;
            more = !waiters.isEmpty();
            pending = more;
        }
        if (more) {
            schedule(intervalNanos);
        }
        next.complete(null);
    }
}
