package org.marketcache.store;

import java.time.Duration;
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
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Trade;
import org.marketcache.marketdata.cache.CacheNames;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.marketdata.cache.TradeChunkCodec;

/**
 * L3 for trades: like candles, one query per instrument for every missing chunk. A trade chunk is complete once
 * its end lies {@code settleAfter} in the past, because late trades still arrive for a short while.
 */
public final class PostgresTradeTier implements CacheTier<SeriesKey, SeriesChunk> {
    private final MarketDataStore store;
    private final InstrumentIds instruments;
    private final EntryPolicy<SeriesKey, SeriesChunk> policy;
    private final TimeSource time;
    private final Duration settleAfter;

    public PostgresTradeTier(MarketDataStore store, InstrumentIds instruments,
            EntryPolicy<SeriesKey, SeriesChunk> policy, TimeSource time, Duration settleAfter) {
        this.store = store;
        this.instruments = instruments;
        this.policy = policy;
        this.time = time;
        this.settleAfter = settleAfter;
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
            parts.add(instruments.require(instrument)
                    .thenCompose(id -> SourceLoads.load(store.trades(id, ranges), CacheNames.TRADES, instrument))
                    .thenApply(trades -> chunks(group, trades)).toCompletableFuture());
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            Map<SeriesKey, CacheEntry<SeriesChunk>> out = new HashMap<>();
            for (CompletableFuture<Map<SeriesKey, CacheEntry<SeriesChunk>>> p : parts) {
                out.putAll(p.join());
            }
            return out;
        });
    }

    private Map<SeriesKey, CacheEntry<SeriesChunk>> chunks(List<SeriesKey> keys, List<Trade> trades) {
        long now = time.currentTimeMillis();
        Map<SeriesKey, CacheEntry<SeriesChunk>> out = new HashMap<>();
        List<SeriesKey> sorted = new ArrayList<>(keys);
        sorted.sort((a, b) -> Long.compare(a.start(), b.start()));
        int i = 0;
        for (SeriesKey k : sorted) {
            while (i < trades.size() && trades.get(i).time() < k.start()) {
                i++;
            }
            int from = i;
            while (i < trades.size() && trades.get(i).time() < k.end()) {
                i++;
            }
            SeriesChunk chunk = TradeChunkCodec.build(k.start(), k.end(), trades.subList(from, i),
                    k.end() + settleAfter.toMillis() <= now);
            out.put(k, policy.stamp(k, chunk, now));
        }
        return out;
    }

    @Override
    public CompletionStage<Void> putAll(Map<SeriesKey, CacheEntry<SeriesChunk>> entries) {
        List<CompletableFuture<Integer>> parts = new ArrayList<>();
        for (Map.Entry<SeriesKey, CacheEntry<SeriesChunk>> e : entries.entrySet()) {
            List<Trade> trades = TradeChunkCodec.trades(e.getValue().value());
            parts.add(store.ensureInstrument(e.getKey().instrument())
                    .flatMap(id -> store.insertTrades(id, trades)).subscribeAsCompletionStage());
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]));
    }

    @Override
    public CompletionStage<Long> invalidateAll(Collection<SeriesKey> keys) {
        return CompletableFuture.completedFuture(0L);
    }
}
