package org.marketcache.core.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The two things every caller of an asynchronous tier needs: the real cause of a failed stage, and a call that
 * fails as a stage instead of throwing (a tier that throws, or answers {@code null}, must not escape the engine's
 * clean-up code).
 */
public final class Completions {
    private Completions() {
    }

    /** Strips the {@link CompletionException} wrappers that completion stages add. */
    public static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Runs {@code call}; a thrown exception or a {@code null} stage becomes a failed stage. */
    static <T> CompletionStage<T> guarded(Supplier<? extends CompletionStage<T>> call) {
        try {
            CompletionStage<T> s = call.get();
            return s == null ? CompletableFuture.failedFuture(new IllegalStateException("tier returned null")) : s;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
