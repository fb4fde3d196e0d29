package org.marketcache.runtime.write;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.marketcache.core.series.SeriesChunk;
import org.marketcache.core.TimeSource;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.CandleChunkCodec;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.runtime.fault.FaultGuards;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.MarketDataStore;

/**
 * Brings cached higher-timeframe chunks up to date after one-minute candles were written, reading from the
 * database only the rolled-up candles that can have changed, never a whole chunk.
 *
 * <p>Why: a higher-timeframe chunk rolls up to a week or more of one-minute rows, and rebuilding it after every
 * ingest batch (as tombstoning it made the next reader do) cost more than the reads it served. A written one-minute
 * candle changes exactly one candle of each higher timeframe, the one whose bucket holds its open time; those
 * buckets are read in one statement per timeframe and replace their candles in the chunks. Candles of buckets
 * whose interval has ended but which are still open in the chunk are read again with them, so a candle that closes
 * with the passing of time (not with a write) closes in the chunk too, as a rebuild would show it. Every other
 * candle of the chunk is kept as it is.
 */
@ApplicationScoped
public class RollupPatch {
    @Inject
    MarketDataStore store;
    @Inject
    InstrumentRegistry instruments;
    @Inject
    FaultGuards guards;
    @Inject
    TimeSource time;

    /**
     * The chunks of {@code current} (cached chunks of {@code tf} of {@code instrument}) with the candles of the
     * buckets holding {@code writtenTimes} (one-minute open times) read again from the database, in one statement.
     */
    public CompletionStage<Map<SeriesKey, SeriesChunk>> apply(Instrument instrument, Timeframe tf,
            Collection<Long> writtenTimes, Map<SeriesKey, SeriesChunk> current) {
        long now = time.currentTimeMillis();
        TreeSet<Long> buckets = new TreeSet<>();
        for (long t : writtenTimes) {
            long bucket = tf.align(t);
            for (SeriesKey key : current.keySet()) {
                if (bucket >= key.start() && bucket < key.end()) {
                    buckets.add(bucket);
                }
            }
        }
        Map<SeriesKey, List<Candle>> decoded = new HashMap<>();
        for (Map.Entry<SeriesKey, SeriesChunk> e : current.entrySet()) {
            List<Candle> candles = CandleChunkCodec.candles(e.getValue());
            decoded.put(e.getKey(), candles);
            for (Candle c : candles) {
                if (!c.closed() && c.openTime() + tf.millis() <= now) {
                    buckets.add(c.openTime());
                }
            }
        }
        if (buckets.isEmpty()) {
            return CompletableFuture.completedFuture(Map.copyOf(current));
        }
        List<TimeRange> ranges = new ArrayList<>(buckets.size());
        for (long b : buckets) {
            ranges.add(TimeRange.of(b, b + tf.millis()));
        }
        return instruments.require(instrument)
                .thenCompose(id -> guards.database(() -> store.candles(id, tf, ranges, now)
                        .subscribeAsCompletionStage()))
                .thenApply(fresh -> replace(decoded, buckets, fresh, now));
    }

    /** @param current the cached chunks' candles, decoded once in {@link #apply} */
    private static Map<SeriesKey, SeriesChunk> replace(Map<SeriesKey, List<Candle>> current, TreeSet<Long> buckets,
            List<Candle> fresh, long now) {
        Map<Long, Candle> byBucket = new HashMap<>();
        for (Candle c : fresh) {
            byBucket.put(c.openTime(), c);
        }
        Map<SeriesKey, SeriesChunk> out = new HashMap<>();
        for (Map.Entry<SeriesKey, List<Candle>> e : current.entrySet()) {
            SeriesKey key = e.getKey();
            TreeMap<Long, Candle> byTime = new TreeMap<>();
            for (Candle c : e.getValue()) {
                byTime.put(c.openTime(), c);
            }
            for (long b : buckets.subSet(key.start(), key.end())) {
                Candle c = byBucket.get(b);
                if (c == null) {
                    byTime.remove(b);
                } else {
                    byTime.put(b, c);
                }
            }
            List<Candle> candles = new ArrayList<>(byTime.values());
            out.put(key, CandleChunkCodec.build(key.start(), key.end(), candles,
                    CandleChunkCodec.completeAt(key.end(), candles, now)));
        }
        return out;
    }
}
