package org.marketcache.marketdata.cache;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.marketcache.core.series.TimeChunking;
import org.marketcache.marketdata.Timeframe;

/**
 * How long the cached chunks of each series are: candles per chunk for each of the six timeframes, and the span of
 * a trade chunk. Readers, writers and invalidation cut the time axis with these numbers, so they must all take them
 * from here: a writer that cut differently would update chunks no reader asks for.
 *
 * <p>The sizes are part of every chunk key ({@link KeySchema}), so changing them never lets a reader misread an old
 * chunk; it only makes the old chunks unreachable.
 */
public final class ChunkSizes {
    private final EnumMap<Timeframe, Integer> candlesPerChunk;
    private final TimeChunking trades;

    /**
     * @param candlesPerChunk candles per chunk for every timeframe, each at least 1
     * @param tradeChunkSpan the time a trade chunk spans, positive
     */
    public ChunkSizes(Map<Timeframe, Integer> candlesPerChunk, Duration tradeChunkSpan) {
        this.candlesPerChunk = new EnumMap<>(Timeframe.class);
        for (Timeframe tf : Timeframe.values()) {
            Integer n = candlesPerChunk.get(tf);
            if (n == null) {
                throw new IllegalArgumentException(candleKey(tf) + " is not set: every timeframe needs a chunk size");
            }
            if (n < 1) {
                throw new IllegalArgumentException(candleKey(tf) + " must be at least 1: " + n);
            }
            this.candlesPerChunk.put(tf, n);
        }
        if (tradeChunkSpan == null || tradeChunkSpan.toMillis() <= 0) {
            throw new IllegalArgumentException("marketcache.trades.chunk-span must be at least 1ms: " + tradeChunkSpan);
        }
        this.trades = new TimeChunking(tradeChunkSpan.toMillis());
    }

    /** The sizes as configuration writes them: candles per chunk by timeframe label ({@code 1m}, {@code 4h}, ...). */
    public static ChunkSizes byLabel(Map<String, Integer> candlesPerChunk, Duration tradeChunkSpan) {
        Map<Timeframe, Integer> byTimeframe = new EnumMap<>(Timeframe.class);
        for (Timeframe tf : Timeframe.values()) {
            Integer n = candlesPerChunk.get(tf.label());
            if (n != null) {
                byTimeframe.put(tf, n);
            }
        }
        return new ChunkSizes(byTimeframe, tradeChunkSpan);
    }

    public int candlesPerChunk(Timeframe tf) {
        return candlesPerChunk.get(tf);
    }

    /** The chunks of {@code tf}: {@link #candlesPerChunk} candles each. */
    public TimeChunking candles(Timeframe tf) {
        return new TimeChunking(candlesPerChunk.get(tf) * tf.millis());
    }

    public TimeChunking trades() {
        return trades;
    }

    private static String candleKey(Timeframe tf) {
        return "marketcache.candles.chunk-candles." + tf.label();
    }

    @Override
    public String toString() {
        return "ChunkSizes" + candlesPerChunk + ", trades " + trades.spanMillis() + " ms";
    }
}
