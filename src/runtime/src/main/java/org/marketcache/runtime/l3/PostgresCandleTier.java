package org.marketcache.runtime.l3;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.marketcache.core.CacheEntry;
import org.marketcache.core.CacheKey;
import org.marketcache.core.CacheTier;
import org.marketcache.core.EntryPolicy;
import org.marketcache.core.SeriesChunk;
import org.marketcache.core.Tier;
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
    private final InstrumentRegistry instruments;
    private final Timeframe timeframe;
    private final EntryPolicy<SeriesKey, SeriesChunk> policy;
    private final TimeSource time;
    private final String cache;

    public PostgresCandleTier(MarketDataStore store, InstrumentRegistry instruments, Timeframe timeframe,
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
        List<CompletableFuture<Map<SeriesKey, CacheEntry<SeriesChunk>>>> parts = new ArrayList<>();
        for (List<SeriesKey> group : CacheKey.byGroup(keys).values()) {
            Instrument instrument = group.get(0).instrument();
            List<TimeRange> ranges = new ArrayList<>(group.size());
            for (SeriesKey k : group) {
                ranges.add(TimeRange.of(k.start(), k.end()));
            }
            long now = time.currentTimeMillis();
            parts.add(instruments.require(instrument)
                    .thenCompose(id -> SourceLoads.load(store.candles(id, timeframe, ranges, now), cache, instrument))
                    .thenApply(candles -> chunks(group, candles)).toCompletableFuture());
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            Map<SeriesKey, CacheEntry<SeriesChunk>> out = new HashMap<>();
            for (CompletableFuture<Map<SeriesKey, CacheEntry<SeriesChunk>>> p : parts) {
                out.putAll(p.join());
            }
            return out;
        });
    }

    private Map<SeriesKey, CacheEntry<SeriesChunk>> chunks(List<SeriesKey> keys, List<Candle> candles) {
        long now = time.currentTimeMillis();
        Map<SeriesKey, CacheEntry<SeriesChunk>> out = new HashMap<>();
        int i = 0;
        List<SeriesKey> sorted = new ArrayList<>(keys);
        sorted.sort((a, b) -> Long.compare(a.start(), b.start()));
        for (SeriesKey k : sorted) {
            while (i < candles.size() && candles.get(i).openTime() < k.start()) {
                i++;
            }
            int from = i;
            boolean allClosed = true;
            while (i < candles.size() && candles.get(i).openTime() < k.end()) {
                allClosed &= candles.get(i).closed();
                i++;
            }
            SeriesChunk chunk = CandleChunkCodec.build(k.start(), k.end(), candles.subList(from, i),
                    allClosed && k.end() <= now);
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
