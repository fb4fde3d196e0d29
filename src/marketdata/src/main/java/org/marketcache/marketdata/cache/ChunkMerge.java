package org.marketcache.marketdata.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

import org.marketcache.core.series.SeriesChunk;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Trade;

/**
 * How written records merge into a cached chunk ahead of the database (write-back, where the chunk cannot be read
 * again from the database because the write is not there yet). Applying the same write twice leaves the same chunk.
 *
 * <ul>
 *   <li>Candles are identified by open time. A written candle replaces the cached one, except that an open
 *       (live) candle never replaces a closed one: a late live update must not reopen a closed candle.</li>
 *   <li>Trades are identified by time and id, and never change: a trade already in the chunk is kept, a written
 *       duplicate dropped. The chunk is ordered by time, then id.</li>
 * </ul>
 * The merged chunk is complete by the rule of its codec ({@link CandleChunkCodec#completeAt},
 * {@link TradeChunkCodec#completeAt}) at {@code nowMillis}.
 */
public final class ChunkMerge {
    /** The order of trades in a chunk, and their identity: time, then id. */
    static final Comparator<Trade> TRADE_ORDER = Comparator.comparingLong(Trade::time).thenComparing(Trade::id);

    private ChunkMerge() {
    }

    /**
     * The chunk {@code key} with {@code written} merged into {@code current} ({@code null}: nothing cached yet).
     */
    public static SeriesChunk candles(SeriesKey key, SeriesChunk current, List<Candle> written, long nowMillis) {
        TreeMap<Long, Candle> byTime = new TreeMap<>();
        if (current != null) {
            for (Candle c : CandleChunkCodec.candles(current)) {
                byTime.put(c.openTime(), c);
            }
        }
        for (Candle c : written) {
            Candle old = byTime.get(c.openTime());
            if (old == null || c.closed() || !old.closed()) {
                byTime.put(c.openTime(), c);
            }
        }
        List<Candle> merged = new ArrayList<>(byTime.values());
        return CandleChunkCodec.build(key.start(), key.end(), merged,
                CandleChunkCodec.completeAt(key.end(), merged, nowMillis));
    }

    /**
     * The chunk {@code key} with {@code written} merged into {@code current} ({@code null}: nothing cached yet);
     * complete once its end lies {@code settleAfter} in the past.
     */
    public static SeriesChunk trades(SeriesKey key, SeriesChunk current, List<Trade> written, Duration settleAfter,
            long nowMillis) {
        TreeMap<Trade, Trade> byIdentity = new TreeMap<>(TRADE_ORDER);
        if (current != null) {
            for (Trade t : TradeChunkCodec.trades(current)) {
                byIdentity.put(t, t);
            }
        }
        for (Trade t : written) {
            byIdentity.putIfAbsent(t, t);
        }
        return TradeChunkCodec.build(key.start(), key.end(), new ArrayList<>(byIdentity.values()),
                TradeChunkCodec.completeAt(key.end(), settleAfter, nowMillis));
    }
}
