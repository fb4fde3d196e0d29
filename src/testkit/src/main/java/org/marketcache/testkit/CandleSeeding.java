package org.marketcache.testkit;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.marketcache.marketdata.Candle;

import io.smallrye.mutiny.Uni;

/**
 * Writes test candles into the real store in batches small enough for one statement each (2,000 candles), waiting
 * up to 30 s for each batch. Takes the store's write as a function, e.g.
 * {@code CandleSeeding.upsert(candles, batch -> store.upsertCandles(id, batch))}, because the store lives in a
 * module whose own tests use this kit.
 */
public final class CandleSeeding {
    private static final int BATCH = 2000;
    private static final Duration PER_BATCH = Duration.ofSeconds(30);

    private CandleSeeding() {
    }

    public static void upsert(List<Candle> candles, Function<List<Candle>, Uni<?>> upsert) {
        for (int i = 0; i < candles.size(); i += BATCH) {
            upsert.apply(candles.subList(i, Math.min(candles.size(), i + BATCH))).await().atMost(PER_BATCH);
        }
    }
}
