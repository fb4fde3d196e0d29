package org.marketcache.testkit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.marketcache.core.SeriesChunk;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.cache.CandleChunkCodec;
import org.marketcache.marketdata.cache.SeriesKey;

/** Small, readable market-data values for tests. */
public final class MarketFixtures {
    private MarketFixtures() {
    }

    /** A full chunk of closed one-minute candles for {@code key}, all around {@code price}. */
    public static SeriesChunk candleChunk(SeriesKey key, BigDecimal price) {
        return CandleChunkCodec.build(key.start(), key.end(), candles(key.start(), key.end(), price, true), true);
    }

    /** Closed (or all but the last, if {@code allClosed} is false) candles every minute in {@code [from, to)}. */
    public static List<Candle> candles(long from, long to, BigDecimal price, boolean allClosed) {
        List<Candle> out = new ArrayList<>();
        BigDecimal step = new BigDecimal("0.5");
        for (long t = from; t < to; t += 60_000L) {
            BigDecimal open = price;
            BigDecimal close = price.add(step);
            out.add(new Candle(t, open, close.add(step), open.subtract(step), close, new BigDecimal("1.25"),
                    allClosed || t + 60_000L < to));
        }
        return out;
    }
}
