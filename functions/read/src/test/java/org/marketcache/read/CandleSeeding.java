package org.marketcache.read;

import java.time.Duration;
import java.util.List;

import org.marketcache.marketdata.Candle;
import org.marketcache.store.MarketDataStore;

/** Writes test candles into the real store in batches small enough for one statement each. */
final class CandleSeeding {
    private static final int BATCH = 2000;

    private CandleSeeding() {
    }

    static void upsert(MarketDataStore store, int instrumentId, List<Candle> candles) {
        for (int i = 0; i < candles.size(); i += BATCH) {
            store.upsertCandles(instrumentId, candles.subList(i, Math.min(candles.size(), i + BATCH))).await()
                    .atMost(Duration.ofSeconds(30));
        }
    }
}
