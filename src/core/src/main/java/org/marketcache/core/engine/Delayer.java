package org.marketcache.core.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Completes a stage after a delay without blocking a thread; the runtime backs it with the Vert.x timer. */
@FunctionalInterface
public interface Delayer {
    Delayer JDK = millis -> CompletableFuture.runAsync(() -> {
    }, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));

    CompletionStage<Void> after(long millis);
}
