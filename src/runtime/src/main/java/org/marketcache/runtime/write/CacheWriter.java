package org.marketcache.runtime.write;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.marketcache.core.TimeSource;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.Trade;
import org.marketcache.marketdata.cache.CacheNames;
import org.marketcache.marketdata.cache.ChunkKeys;
import org.marketcache.marketdata.cache.ChunkMerge;
import org.marketcache.marketdata.cache.OrderBookCodec;
import org.marketcache.marketdata.cache.OrderBookView;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.marketdata.cache.SnapshotKey;
import org.marketcache.marketdata.cache.TickerCodec;
import org.marketcache.marketdata.cache.TickerView;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.config.MarketCacheConfig;

/**
 * Keeps the caches right when data is written: after a write to the database (write-through, write-around), and
 * for a write the database does not have yet (write-back). Explicit invalidation is {@link CacheInvalidator}'s.
 *
 * <p>Design note. A candle changes the one-minute chunk that holds it and the chunk of every higher timeframe that
 * rolls it up ({@link ChunkKeys#touchedByCandles}). The one-minute chunk is rewritten in L2 from the database
 * (write-through) or merged in place by the rules of {@link ChunkMerge} (write-back), so readers keep hitting L2.
 * The rolled-up chunks are patched in L2 on write-through: where L2 holds the chunk, only the candles of the
 * buckets that hold the written minutes are read again from the database (one statement per timeframe) and
 * replace theirs in the chunk ({@link RollupPatch}, {@link org.marketcache.core.engine.CacheWrites#patch}); a chunk L2 does not hold is
 * tombstoned, not rebuilt, and the next reader that wants it loads it. Rebuilding every rolled-up chunk after every
 * batch (what tombstoning them made readers do) cost more than the reads it served. Write-around and write-back
 * still tombstone the rolled-up chunks. Every change ends with one event per cache ({@link CacheChanges}), so every
 * pod drops its L1 copies and re-reads L2. L2 updates are compare-and-set against the version read (see
 * {@code lua/fill.lua}), so a racing writer or reader never puts an older value back; an update that keeps losing
 * the race, or fails, tombstones the key instead.
 */
@ApplicationScoped
public class CacheWriter {
    private static final int CAS_ATTEMPTS = 5;

    @Inject
    CacheTiers tiers;
    @Inject
    CacheChanges changes;
    @Inject
    ChunkKeys chunkKeys;
    @Inject
    MarketCacheConfig config;
    @Inject
    TimeSource time;
    @Inject
    RollupPatch rollups;

    // ---- after a database write (write-through: rewrite; write-around: drop) ---------------------------------

    public CompletionStage<CacheOutcome> candlesStored(Instrument instrument, List<Candle> candles, boolean rewrite) {
        List<Long> times = openTimes(candles);
        Map<Timeframe, List<SeriesKey>> touched = chunkKeys.touchedByCandles(instrument, times);
        CompletionStage<CacheOutcome> done = change(tiers.candles(Timeframe.M1), touched.get(Timeframe.M1), rewrite);
        for (Timeframe tf : Timeframe.values()) {
            if (tf != Timeframe.M1) {
                List<SeriesKey> keys = touched.get(tf);
                done = done.thenCompose(o -> (rewrite ? patchRollups(instrument, tf, keys, times)
                        : change(tiers.candles(tf), keys, false)).thenApply(o::plus));
            }
        }
        return done;
    }

    /**
     * Write-through of the rolled-up candles: the chunks of {@code tf} that L2 holds get the candles of the written
     * buckets, read again from the database ({@link RollupPatch}); the others are tombstoned, never rebuilt here.
     */
    private CompletionStage<CacheOutcome> patchRollups(Instrument instrument, Timeframe tf, List<SeriesKey> keys,
            List<Long> times) {
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(CacheOutcome.NONE);
        }
        TieredCache<SeriesKey, SeriesChunk> cache = tiers.candles(tf);
        CompletionStage<CacheOutcome> l2 = cache.writes()
                .patch(keys, current -> rollups.apply(instrument, tf, times, current), CAS_ATTEMPTS)
                .thenApply(patched -> new CacheOutcome(keys.size(), patched.size(), 0, null));
        return changes.settle(cache.name(), keys, l2);
    }

    public CompletionStage<CacheOutcome> tradesStored(Instrument instrument, List<Trade> trades, boolean rewrite) {
        List<Long> times = new ArrayList<>(trades.size());
        for (Trade t : trades) {
            times.add(t.time());
        }
        return change(tiers.trades(), chunkKeys.tradeChunks(instrument, times), rewrite);
    }

    public CompletionStage<CacheOutcome> tickerStored(Instrument instrument, boolean rewrite) {
        return change(tiers.tickers(), List.of(tiers.keys().ticker(instrument)), rewrite);
    }

    public CompletionStage<CacheOutcome> orderBookStored(Instrument instrument, boolean rewrite) {
        return change(tiers.orderBooks(), List.of(tiers.keys().orderBook(instrument)), rewrite);
    }

    private <K extends CacheKey, V> CompletionStage<CacheOutcome> change(TieredCache<K, V> cache, List<K> keys,
            boolean rewrite) {
        if (!rewrite) {
            return changes.drop(cache, keys);
        }
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(CacheOutcome.NONE);
        }
        return changes.settle(cache.name(), keys, cache.writes().rewriteFromSource(keys)
                .thenApply(w -> new CacheOutcome(keys.size(), w.size(), 0, null)));
    }

    // ---- write-back: the change is in the write-back log, not yet in the database --------------------------------

    public CompletionStage<CacheOutcome> candlesPending(Instrument instrument, List<Candle> candles) {
        Map<SeriesKey, List<Candle>> byChunk = new TreeMap<>((a, b) -> Long.compare(a.start(), b.start()));
        for (Candle c : candles) {
            byChunk.computeIfAbsent(chunkKeys.candleChunkAt(instrument, Timeframe.M1, c.openTime()),
                    k -> new ArrayList<>()).add(c);
        }
        CompletionStage<CacheOutcome> done = merge(tiers.candles(Timeframe.M1), byChunk,
                (key, chunk, add) -> ChunkMerge.candles(key, chunk, add, time.currentTimeMillis()));
        Map<Timeframe, List<SeriesKey>> touched = chunkKeys.touchedByCandles(instrument, openTimes(candles));
        for (Timeframe tf : Timeframe.values()) {
            if (tf != Timeframe.M1) {
                List<SeriesKey> keys = touched.get(tf);
                done = done.thenCompose(o -> change(tiers.candles(tf), keys, false).thenApply(o::plus));
            }
        }
        return done;
    }

    public CompletionStage<CacheOutcome> tradesPending(Instrument instrument, List<Trade> trades) {
        Map<SeriesKey, List<Trade>> byChunk = new TreeMap<>((a, b) -> Long.compare(a.start(), b.start()));
        for (Trade t : trades) {
            byChunk.computeIfAbsent(chunkKeys.tradeChunkAt(instrument, t.time()), k -> new ArrayList<>()).add(t);
        }
        return merge(tiers.trades(), byChunk, (key, chunk, add) -> ChunkMerge.trades(key, chunk, add,
                config.trades().settleAfter(), time.currentTimeMillis()));
    }

    public CompletionStage<CacheOutcome> tickerPending(Instrument instrument, Ticker ticker) {
        SnapshotKey key = tiers.keys().ticker(instrument);
        UnaryOperator<TickerView> newer = v -> v != null && v.time() > ticker.time() ? v
                : TickerCodec.build(instrument, ticker);
        return changes.settle(CacheNames.TICKERS, List.of(key), tiers.tickers().writes()
                .writeBack(key, newer, CAS_ATTEMPTS)
                .thenApply(ok -> new CacheOutcome(1, ok ? 1 : 0, ok ? 0 : 1, null)));
    }

    public CompletionStage<CacheOutcome> orderBookPending(Instrument instrument, OrderBook book) {
        SnapshotKey key = tiers.keys().orderBook(instrument);
        UnaryOperator<OrderBookView> newer = v -> v != null && (v.time() > book.time()
                || v.time() == book.time() && v.sequence() >= book.sequence()) ? v
                        : OrderBookCodec.build(instrument, book);
        return changes.settle(CacheNames.ORDERBOOKS, List.of(key), tiers.orderBooks().writes()
                .writeBack(key, newer, CAS_ATTEMPTS)
                .thenApply(ok -> new CacheOutcome(1, ok ? 1 : 0, ok ? 0 : 1, null)));
    }

    @FunctionalInterface
    private interface Merge<R> {
        SeriesChunk apply(SeriesKey key, SeriesChunk current, List<R> add);
    }

    private <R> CompletionStage<CacheOutcome> merge(TieredCache<SeriesKey, SeriesChunk> cache,
            Map<SeriesKey, List<R>> byChunk, Merge<R> merge) {
        List<CompletableFuture<Boolean>> parts = new ArrayList<>();
        for (Map.Entry<SeriesKey, List<R>> e : byChunk.entrySet()) {
            parts.add(cache.writes().writeBack(e.getKey(), chunk -> merge.apply(e.getKey(), chunk, e.getValue()),
                    CAS_ATTEMPTS).toCompletableFuture());
        }
        CompletionStage<CacheOutcome> l2 = CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> {
                    long ok = parts.stream().filter(CompletableFuture::join).count();
                    return new CacheOutcome(parts.size(), ok, parts.size() - ok, null);
                });
        return changes.settle(cache.name(), new ArrayList<>(byChunk.keySet()), l2);
    }

    private static List<Long> openTimes(List<Candle> candles) {
        List<Long> times = new ArrayList<>(candles.size());
        for (Candle c : candles) {
            times.add(c.openTime());
        }
        return times;
    }
}
