package org.marketcache.runtime.write;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.core.engine.CacheWrites;
import org.marketcache.core.engine.Completions;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.core.series.TimeChunking;
import org.marketcache.core.TimeSource;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.Trade;
import org.marketcache.marketdata.cache.CacheNames;
import org.marketcache.marketdata.cache.CandleChunkCodec;
import org.marketcache.marketdata.cache.OrderBookCodec;
import org.marketcache.marketdata.cache.OrderBookView;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.marketdata.cache.SnapshotKey;
import org.marketcache.marketdata.cache.TickerCodec;
import org.marketcache.marketdata.cache.TickerView;
import org.marketcache.marketdata.cache.TradeChunkCodec;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.config.MarketCacheConfig;
import org.marketcache.runtime.events.CacheEvents;
import org.marketcache.runtime.read.MarketDataReader;

/**
 * Keeps the caches right when data changes: after a write to the database (write-through, write-around), for a
 * write the database does not have yet (write-back), and for explicit invalidations.
 *
 * <p>Design note. A candle changes the one-minute chunk that holds it and the chunk of every higher timeframe that
 * rolls it up. The one-minute chunk is rewritten in L2 from the database (write-through) or merged in place
 * (write-back), so readers keep hitting L2. The rolled-up chunks are patched in L2 on write-through: where L2 holds
 * the chunk, only the candles of the buckets that hold the written minutes are read again from the database (one
 * statement per timeframe) and replace theirs in the chunk ({@link RollupPatch}, {@link CacheWrites#patch}); a
 * chunk L2 does not hold is tombstoned, not rebuilt, and the next reader that wants it loads it. Rebuilding every
 * rolled-up chunk after every batch (what tombstoning them made readers do) cost more than the reads it served.
 * Write-around and write-back still tombstone the rolled-up chunks. Every change ends with one event per cache,
 * so every pod drops its L1 copies and re-reads L2. L2 updates are compare-and-set against the version read (see
 * {@code lua/fill.lua}), so a racing writer or reader never puts an older value back; an update that keeps losing
 * the race, or fails, tombstones the key instead.
 */
@ApplicationScoped
public class CacheWriter {
    private static final Logger LOG = Logger.getLogger(CacheWriter.class);
    private static final int CAS_ATTEMPTS = 5;

    @Inject
    CacheTiers tiers;
    @Inject
    CacheEvents events;
    @Inject
    MarketDataReader reader;
    @Inject
    MarketCacheConfig config;
    @Inject
    TimeSource time;
    @Inject
    RollupPatch rollups;

    // ---- after a database write (write-through: rewrite; write-around: drop) ---------------------------------

    public CompletionStage<CacheOutcome> candlesStored(Instrument instrument, List<Candle> candles, boolean rewrite) {
        List<Long> times = new ArrayList<>(candles.size());
        for (Candle c : candles) {
            times.add(c.openTime());
        }
        CompletionStage<CacheOutcome> done = change(tiers.candles(Timeframe.M1),
                candleKeys(instrument, Timeframe.M1, times), rewrite);
        for (Timeframe tf : Timeframe.values()) {
            if (tf != Timeframe.M1) {
                List<SeriesKey> keys = candleKeys(instrument, tf, times);
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
        return settle(cache.name(), keys, l2);
    }

    public CompletionStage<CacheOutcome> tradesStored(Instrument instrument, List<Trade> trades, boolean rewrite) {
        List<Long> times = new ArrayList<>(trades.size());
        for (Trade t : trades) {
            times.add(t.time());
        }
        return change(tiers.trades(), tradeKeys(instrument, times), rewrite);
    }

    public CompletionStage<CacheOutcome> tickerStored(Instrument instrument, boolean rewrite) {
        return change(tiers.tickers(), List.of(tiers.keys().ticker(instrument)), rewrite);
    }

    public CompletionStage<CacheOutcome> orderBookStored(Instrument instrument, boolean rewrite) {
        return change(tiers.orderBooks(), List.of(tiers.keys().orderBook(instrument)), rewrite);
    }

    private <K extends CacheKey, V> CompletionStage<CacheOutcome> change(TieredCache<K, V> cache, List<K> keys,
            boolean rewrite) {
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(CacheOutcome.NONE);
        }
        CompletionStage<CacheOutcome> l2 = rewrite
                ? cache.writes().rewriteFromSource(keys)
                        .thenApply(w -> new CacheOutcome(keys.size(), w.size(), 0, null))
                : cache.invalidate(keys).thenApply(n -> new CacheOutcome(keys.size(), 0, n, null));
        return settle(cache.name(), keys, l2);
    }

    // ---- write-back: the change is in the write-back log, not yet in the database --------------------------------

    public CompletionStage<CacheOutcome> candlesPending(Instrument instrument, List<Candle> candles) {
        Map<SeriesKey, List<Candle>> byChunk = new TreeMap<>((a, b) -> Long.compare(a.start(), b.start()));
        int per = reader.chunkCandles(Timeframe.M1);
        for (Candle c : candles) {
            byChunk.computeIfAbsent(tiers.keys().candleChunk(instrument, Timeframe.M1, per,
                    Math.floorDiv(c.openTime(), per * Timeframe.M1.millis())), k -> new ArrayList<>()).add(c);
        }
        CompletionStage<CacheOutcome> done = merge(tiers.candles(Timeframe.M1), byChunk,
                (key, chunk, add) -> mergeCandles(key, chunk, add));
        List<Long> times = new ArrayList<>();
        for (Candle c : candles) {
            times.add(c.openTime());
        }
        for (Timeframe tf : Timeframe.values()) {
            if (tf != Timeframe.M1) {
                List<SeriesKey> keys = candleKeys(instrument, tf, times);
                done = done.thenCompose(o -> change(tiers.candles(tf), keys, false).thenApply(o::plus));
            }
        }
        return done;
    }

    public CompletionStage<CacheOutcome> tradesPending(Instrument instrument, List<Trade> trades) {
        TimeChunking chunking = new TimeChunking(config.trades().chunkSpan().toMillis());
        Map<SeriesKey, List<Trade>> byChunk = new TreeMap<>((a, b) -> Long.compare(a.start(), b.start()));
        for (Trade t : trades) {
            byChunk.computeIfAbsent(tiers.keys().tradeChunk(instrument, chunking, chunking.index(t.time())),
                    k -> new ArrayList<>()).add(t);
        }
        return merge(tiers.trades(), byChunk, this::mergeTrades);
    }

    public CompletionStage<CacheOutcome> tickerPending(Instrument instrument, Ticker ticker) {
        SnapshotKey key = tiers.keys().ticker(instrument);
        UnaryOperator<TickerView> newer = v -> v != null && v.time() > ticker.time() ? v
                : TickerCodec.build(instrument, ticker);
        return settle(CacheNames.TICKERS, List.of(key), tiers.tickers().writes()
                .writeBack(key, newer, CAS_ATTEMPTS)
                .thenApply(ok -> new CacheOutcome(1, ok ? 1 : 0, ok ? 0 : 1, null)));
    }

    public CompletionStage<CacheOutcome> orderBookPending(Instrument instrument, OrderBook book) {
        SnapshotKey key = tiers.keys().orderBook(instrument);
        UnaryOperator<OrderBookView> newer = v -> v != null && (v.time() > book.time()
                || v.time() == book.time() && v.sequence() >= book.sequence()) ? v
                        : OrderBookCodec.build(instrument, book);
        return settle(CacheNames.ORDERBOOKS, List.of(key), tiers.orderBooks().writes()
                .writeBack(key, newer, CAS_ATTEMPTS)
                .thenApply(ok -> new CacheOutcome(1, ok ? 1 : 0, ok ? 0 : 1, null)));
    }

    @FunctionalInterface
    private interface ChunkMerge<R> {
        SeriesChunk apply(SeriesKey key, SeriesChunk current, List<R> add);
    }

    private <R> CompletionStage<CacheOutcome> merge(TieredCache<SeriesKey, SeriesChunk> cache,
            Map<SeriesKey, List<R>> byChunk, ChunkMerge<R> merge) {
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
        return settle(cache.name(), new ArrayList<>(byChunk.keySet()), l2);
    }

    private SeriesChunk mergeCandles(SeriesKey key, SeriesChunk current, List<Candle> add) {
        TreeMap<Long, Candle> byTime = new TreeMap<>();
        if (current != null) {
            for (Candle c : CandleChunkCodec.candles(current)) {
                byTime.put(c.openTime(), c);
            }
        }
        for (Candle c : add) {
            Candle old = byTime.get(c.openTime());
            if (old == null || c.closed() || !old.closed()) {
                byTime.put(c.openTime(), c); // a late live update never reopens a closed candle
            }
        }
        List<Candle> merged = new ArrayList<>(byTime.values());
        return CandleChunkCodec.build(key.start(), key.end(), merged,
                CandleChunkCodec.completeAt(key.end(), merged, time.currentTimeMillis()));
    }

    private SeriesChunk mergeTrades(SeriesKey key, SeriesChunk current, List<Trade> add) {
        TreeMap<String, Trade> byId = new TreeMap<>();
        if (current != null) {
            for (Trade t : TradeChunkCodec.trades(current)) {
                byId.put(t.time() + "/" + t.id(), t);
            }
        }
        for (Trade t : add) {
            byId.putIfAbsent(t.time() + "/" + t.id(), t);
        }
        List<Trade> merged = new ArrayList<>(byId.values());
        merged.sort((a, b) -> a.time() != b.time() ? Long.compare(a.time(), b.time()) : a.id().compareTo(b.id()));
        return TradeChunkCodec.build(key.start(), key.end(), merged,
                key.end() + config.trades().settleAfter().toMillis() <= time.currentTimeMillis());
    }

    // ---- explicit invalidation ----------------------------------------------------------------------------------

    /** Exact keys (already parsed and grouped by cache). */
    public CompletionStage<CacheOutcome> invalidateKeys(String cache, List<CacheKey> keys) {
        @SuppressWarnings("unchecked")
        TieredCache<CacheKey, Object> c = (TieredCache<CacheKey, Object>) tiers.all().get(cache);
        if (c == null) {
            throw new IllegalArgumentException("no cache named " + cache);
        }
        return change(c, keys, false);
    }

    /** Every value of the given caches (all nine if empty) of one instrument. */
    public CompletionStage<CacheOutcome> invalidateInstrument(Instrument instrument, Collection<String> caches) {
        List<String> names = caches.isEmpty() ? CacheNames.all() : new ArrayList<>(caches);
        List<CompletableFuture<Long>> parts = new ArrayList<>();
        for (String name : names) {
            parts.add(tiers.all().get(name).invalidateGroup(instrument.keyGroup()).toCompletableFuture());
        }
        String cache = caches.isEmpty() || names.size() > 1 ? "*" : names.get(0);
        CompletionStage<CacheOutcome> l2 = CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> new CacheOutcome(0, 0, parts.stream().mapToLong(CompletableFuture::join).sum(),
                        null));
        return l2.thenCompose(o -> {
            if (names.size() == 1) {
                return publish(events.groupInvalidated(names.get(0), instrument.keyGroup()), o);
            }
            return publish(events.groupInvalidated(cache, instrument.keyGroup()), o);
        });
    }

    /** The chunks of one cache of an instrument that overlap {@code [from, to)}. */
    public List<SeriesKey> rangeKeys(Instrument instrument, String cache, long from, long to, int maxKeys) {
        TimeChunking chunking;
        Timeframe tf = null;
        if (cache.startsWith("candles-")) {
            tf = Timeframe.parse(cache.substring("candles-".length()));
            chunking = new TimeChunking(reader.chunkCandles(tf) * tf.millis());
        } else if (CacheNames.TRADES.equals(cache)) {
            chunking = new TimeChunking(config.trades().chunkSpan().toMillis());
        } else {
            throw new IllegalArgumentException(cache + " has no time ranges");
        }
        long[] span = chunking.covering(from, to);
        long count = span[1] - span[0] + 1;
        if (count > maxKeys) {
            throw new org.marketcache.core.InvalidInputException("RANGE_TOO_LARGE", "to", "from..to covers "
                    + count + " chunks of " + cache + "; at most " + maxKeys + " per request: narrow the range, or"
                    + " invalidate the whole cache of the instrument instead");
        }
        List<SeriesKey> keys = new ArrayList<>();
        for (long i = span[0]; i <= span[1]; i++) {
            keys.add(tf != null ? tiers.keys().candleChunk(instrument, tf, reader.chunkCandles(tf), i)
                    : tiers.keys().tradeChunk(instrument, chunking, i));
        }
        return keys;
    }

    // ---- shared ---------------------------------------------------------------------------------------------

    private CompletionStage<CacheOutcome> settle(String cache, List<? extends CacheKey> keys,
            CompletionStage<CacheOutcome> l2) {
        return l2.handle((o, err) -> {
            if (err != null) {
                LOG.warnf("%s: L2 could not be updated after a write (%s); readers may see the old value until it"
                        + " expires", cache, Completions.unwrap(err).getMessage());
                return new CacheOutcome(keys.size(), 0, 0, null);
            }
            return o;
        }).thenCompose(o -> publish(events.keysChanged(cache, keys), o));
    }

    private static CompletionStage<CacheOutcome> publish(CompletionStage<String> event, CacheOutcome o) {
        return event.handle((id, err) -> {
            if (err != null) {
                LOG.warnf("invalidation event not published (%s): other pods keep their L1 copies until they"
                        + " expire", Completions.unwrap(err).getMessage());
                return o;
            }
            return new CacheOutcome(o.l1Dropped(), o.l2Written(), o.l2Removed(), id);
        });
    }

    /** Chunk keys of {@code tf} holding any of {@code times}. */
    public List<SeriesKey> candleKeys(Instrument instrument, Timeframe tf, Collection<Long> times) {
        int per = reader.chunkCandles(tf);
        long span = per * tf.millis();
        TreeSet<Long> indexes = new TreeSet<>();
        for (long t : times) {
            indexes.add(Math.floorDiv(t, span));
        }
        List<SeriesKey> keys = new ArrayList<>(indexes.size());
        for (long i : indexes) {
            keys.add(tiers.keys().candleChunk(instrument, tf, per, i));
        }
        return keys;
    }

    List<SeriesKey> tradeKeys(Instrument instrument, Collection<Long> times) {
        TimeChunking chunking = new TimeChunking(config.trades().chunkSpan().toMillis());
        TreeSet<Long> indexes = new TreeSet<>();
        for (long t : times) {
            indexes.add(chunking.index(t));
        }
        List<SeriesKey> keys = new ArrayList<>(indexes.size());
        for (long i : indexes) {
            keys.add(tiers.keys().tradeChunk(instrument, chunking, i));
        }
        return keys;
    }
}
