package org.marketcache.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.CacheTier;
import org.marketcache.core.policy.EntryPolicy;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.core.tier.Tier;
import org.marketcache.core.TimeSource;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.CacheNames;
import org.marketcache.marketdata.cache.CandleChunkCodec;
import org.marketcache.marketdata.cache.SeriesKey;

/**
 * L3 for one candle timeframe: every missing chunk of an instrument is read in one query (the store turns the
 * chunk ranges into one SQL statement), then cut back into chunks. A chunk is complete, hence immutable, when its
 * span has ended and every candle in it is closed; a chunk with no candles is cached too, so gaps and the time
 * before a listing do not reach the database again.
 */
public final class PostgresCandleTier implements CacheTier<SeriesKey, SeriesChunk> {
    private final MarketDataStore store;
    private final InstrumentIds instruments;
    private final Timeframe timeframe;
    private final EntryPolicy<SeriesKey, SeriesChunk> policy;
    private final TimeSource time;
    private final String cache;

    public PostgresCandleTier(MarketDataStore store, InstrumentIds instruments, Timeframe timeframe,
            EntryPolicy<SeriesKey, SeriesChunk> policy, TimeSource time) {
        this.store = store;
        this.instruments = instruments;
        this.timeframe = timeframe;
        this.policy = policy;
        this.time = time;
        this.cache = CacheNames.candles(timeframe);
    }

    @Override
    public Tier tier() {
        return Tier.L3;
    }

    @Override
    public CompletionStage<Map<SeriesKey, CacheEntry<SeriesChunk>>> getAll(Collection<SeriesKey> keys) {
        return load(keys, Map.of());
    }

    /**
     * A refresh of live chunks reads only from each chunk's first candle that was not closed yet (or from just
     * after its last candle): a closed candle does not change, so the rest of the previous value is kept. For a
     * live one-day chunk that is one day of one-minute rows instead of the whole chunk's. A closed candle changed
     * in the database by anything but the ingest function (which rewrites or invalidates the chunks it touches) is
     * therefore seen at the chunk's hard expiry, when it is read whole, instead of at its next refresh.
     */
    @Override
    public CompletionStage<Map<SeriesKey, CacheEntry<SeriesChunk>>> reload(Collection<SeriesKey> keys,
            Map<SeriesKey, SeriesChunk> previous) {
        Map<SeriesKey, List<Candle>> kept = new HashMap<>();
        for (SeriesKey k : keys) {
            SeriesChunk p = previous.get(k);
            if (p != null && p.start() == k.start() && p.end() == k.end()) {
                List<Candle> candles = CandleChunkCodec.candles(p);
                int closed = 0;
                while (closed < candles.size() && candles.get(closed).closed()) {
                    closed++;
                }
                kept.put(k, candles.subList(0, closed));
            }
        }
        return load(keys, kept);
    }

    /** @param kept per key, the closed candles at its start that are not read again */
    private CompletionStage<Map<SeriesKey, CacheEntry<SeriesChunk>>> load(Collection<SeriesKey> keys,
            Map<SeriesKey, List<Candle>> kept) {
        List<CompletableFuture<Map<SeriesKey, CacheEntry<SeriesChunk>>>> parts = new ArrayList<>();
        for (List<SeriesKey> group : CacheKey.byGroup(keys).values()) {
            Instrument instrument = group.get(0).instrument();
            List<TimeRange> ranges = new ArrayList<>(group.size());
            for (SeriesKey k : group) {
                ranges.add(TimeRange.of(readFrom(k, kept.get(k)), k.end()));
            }
            long now = time.currentTimeMillis();
            parts.add(instruments.require(instrument)
                    .thenCompose(id -> SourceLoads.load(store.candles(id, timeframe, ranges, now), cache, instrument))
                    .thenApply(candles -> chunks(group, candles, kept)).toCompletableFuture());
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            Map<SeriesKey, CacheEntry<SeriesChunk>> out = new HashMap<>();
            for (CompletableFuture<Map<SeriesKey, CacheEntry<SeriesChunk>>> p : parts) {
                out.putAll(p.join());
            }
            return out;
        });
    }

    /** Where the database read of a chunk starts: its start, or just after the closed candles kept. */
    private long readFrom(SeriesKey k, List<Candle> kept) {
        if (kept == null || kept.isEmpty()) {
            return k.start();
        }
        return Math.min(k.end(), kept.get(kept.size() - 1).openTime() + timeframe.millis());
    }

    private Map<SeriesKey, CacheEntry<SeriesChunk>> chunks(List<SeriesKey> keys, List<Candle> candles,
            Map<SeriesKey, List<Candle>> kept) {
        long now = time.currentTimeMillis();
        Map<SeriesKey, CacheEntry<SeriesChunk>> out = new HashMap<>();
        int i = 0;
        List<SeriesKey> sorted = new ArrayList<>(keys);
        sorted.sort((a, b) -> Long.compare(a.start(), b.start()));
        for (SeriesKey k : sorted) {
            List<Candle> before = kept.getOrDefault(k, List.of());
            long from = readFrom(k, before);
            while (i < candles.size() && candles.get(i).openTime() < from) {
                i++;
            }
            int first = i;
            while (i < candles.size() && candles.get(i).openTime() < k.end()) {
                i++;
            }
            List<Candle> chunkCandles = candles.subList(first, i);
            if (!before.isEmpty()) {
                List<Candle> joined = new ArrayList<>(before.size() + chunkCandles.size());
                joined.addAll(before);
                joined.addAll(chunkCandles);
                chunkCandles = joined;
            }
            SeriesChunk chunk = CandleChunkCodec.build(k.start(), k.end(), chunkCandles,
                    CandleChunkCodec.completeAt(k.end(), chunkCandles, now));
            out.put(k, policy.stamp(k, chunk, now));
        }
        return out;
    }

    /** Writes the chunks' candles as data of record (one-minute candles only: the others are derived). */
    @Override
    public CompletionStage<Void> putAll(Map<SeriesKey, CacheEntry<SeriesChunk>> entries) {
        if (timeframe != Timeframe.M1) {
            return CompletableFuture.failedFuture(new IllegalStateException(cache + " is derived from candles-1m;"
                    + " write one-minute candles instead"));
        }
        List<CompletableFuture<Integer>> parts = new ArrayList<>();
        for (Map.Entry<SeriesKey, CacheEntry<SeriesChunk>> e : entries.entrySet()) {
            List<Candle> candles = CandleChunkCodec.candles(e.getValue().value());
            parts.add(store.ensureInstrument(e.getKey().instrument())
                    .flatMap(id -> store.upsertCandles(id, candles)).subscribeAsCompletionStage());
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]));
    }

    /** The system of record is never invalidated. */
    @Override
    public CompletionStage<Long> invalidateAll(Collection<SeriesKey> keys) {
        return CompletableFuture.completedFuture(0L);
    }
}
