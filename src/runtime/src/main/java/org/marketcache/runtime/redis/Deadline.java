package org.marketcache.runtime.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.marketcache.core.tier.Tier;
import org.marketcache.core.tier.TierTimeoutException;
import org.marketcache.core.tier.TierUnavailableException;
import org.marketcache.core.engine.Completions;

/**
 * Puts a deadline on a remote call and turns its failures into the project's exceptions, with messages that start
 * with the resource and carry elapsed time against budget:
 * {@code tickers/l2 MGET timed out after 101ms (budget 100ms, endpoint redis://127.0.0.1:6379)}.
 */
public final class Deadline {
    private Deadline() {
    }

    public static <T> CompletionStage<T> within(CompletionStage<T> call, Tier tier, String resource, String op,
            Duration budget, String endpoint) {
        long start = System.nanoTime();
        return call.toCompletableFuture().orTimeout(budget.toMillis(), TimeUnit.MILLISECONDS)
                .handle((v, err) -> {
                    if (err == null) {
                        return CompletableFuture.completedFuture(v);
                    }
                    Throwable cause = Completions.unwrap(err);
                    long elapsed = (System.nanoTime() - start) / 1_000_000;
                    if (cause instanceof TimeoutException) {
                        return CompletableFuture.<T>failedFuture(new TierTimeoutException(tier, resource + "/"
                                + tier.label() + " " + op + " timed out after " + elapsed + "ms (budget "
                                + budget.toMillis() + "ms, endpoint " + endpoint + ")"));
                    }
                    if (cause instanceof TierUnavailableException) {
                        return CompletableFuture.<T>failedFuture(cause);
                    }
                    return CompletableFuture.<T>failedFuture(new TierUnavailableException(tier, resource + "/"
                            + tier.label() + " " + op + " failed after " + elapsed + "ms (endpoint " + endpoint
                            + "): " + cause.getMessage(), cause));
                }).thenCompose(f -> f);
    }
}
