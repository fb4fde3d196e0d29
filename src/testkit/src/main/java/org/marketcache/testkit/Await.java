package org.marketcache.testkit;

import java.time.Duration;

import io.smallrye.mutiny.Uni;

/** Blocks the test thread (not a Vert.x thread) on a {@link Uni}, with a generous bound. */
public final class Await {
    private Await() {
    }

    public static <T> T result(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(60));
    }

    public static Throwable failure(Uni<?> uni) {
        try {
            uni.await().atMost(Duration.ofSeconds(60));
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected a failure, got an item");
    }
}
