package org.marketcache.testkit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.marketcache.core.series.SeriesChunk;
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

    /**
     * A seeded random walk of one-minute candles: {@code minutes} candles ending with the one open at {@code now}
     * (still live, not closed), prices with two decimals and volumes with four, highs and lows that differ from open
     * and close, so rollups of them are not trivial.
     */
    public static List<Candle> randomWalk(long seed, long now, int minutes) {
        SplittableRandom random = new SplittableRandom(seed);
        long live = now - Math.floorMod(now, 60_000L);
        long cents = 6_500_000 + random.nextInt(100_000);
        List<Candle> out = new ArrayList<>(minutes);
        for (int i = minutes - 1; i >= 0; i--) {
            long open = cents;
            long close = Math.max(100, open + random.nextInt(-2_000, 2_001));
            long high = Math.max(open, close) + random.nextInt(0, 1_500);
            long low = Math.max(1, Math.min(open, close) - random.nextInt(0, 1_500));
            out.add(new Candle(live - i * 60_000L, BigDecimal.valueOf(open, 2), BigDecimal.valueOf(high, 2),
                    BigDecimal.valueOf(low, 2), BigDecimal.valueOf(close, 2),
                    BigDecimal.valueOf(random.nextLong(1, 50_000_000), 4), i > 0));
            cents = close;
        }
        return out;
    }
}
