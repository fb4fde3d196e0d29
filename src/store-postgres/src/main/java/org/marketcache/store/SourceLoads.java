package org.marketcache.store;

import java.util.concurrent.CompletionStage;

import org.marketcache.core.codec.CorruptValueException;
import org.marketcache.core.InvalidInputException;
import org.marketcache.core.engine.Completions;

import io.smallrye.mutiny.Uni;

/** Glue between the Mutiny store and the completion-stage tiers, shared by the four source tiers. */
final class SourceLoads {
    private SourceLoads() {
    }

    /**
     * Runs a store call; a row that no longer satisfies the domain's rules comes out as a
     * {@link CorruptValueException} naming the cache and instrument, so it is reported, never cached.
     */
    static <T> CompletionStage<T> load(Uni<T> call, String cache, Object instrument) {
        return call.onFailure().transform(e -> {
            Throwable cause = Completions.unwrap(e);
            if (cause instanceof InvalidInputException) {
                return new CorruptValueException(cache + "/l3 holds an invalid row for " + instrument + ": "
                        + cause.getMessage(), cause);
            }
            return cause;
        }).subscribeAsCompletionStage();
    }
}
