package org.marketcache.runtime.read;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.marketcache.core.bytes.ByteSink;
import org.marketcache.core.bytes.ByteSlices;
import org.marketcache.core.NotFoundException;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.core.series.SeriesWindow;
import org.marketcache.core.tier.Tier;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.core.series.TimeChunking;
import org.marketcache.core.TimeSource;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.ChunkKeys;
import org.marketcache.marketdata.cache.OrderBookView;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.marketdata.cache.SnapshotKey;
import org.marketcache.marketdata.cache.TickerView;
import org.marketcache.marketdata.query.CandleQuery;
import org.marketcache.marketdata.query.SeriesRange;
import org.marketcache.marketdata.query.TradeQuery;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.config.MarketCacheConfig;
import org.marketcache.runtime.instruments.InstrumentRegistry;

/**
 * Answers the four read requests from the tiered caches and renders the response bytes.
 *
 * <p>Design note. A series request becomes the aligned chunks that cover its window (chunks wholly in the future
 * are not asked for). If L1 holds all of them, the answer is assembled on the calling thread from pre-encoded
 * fragments: no future, no JSON encoding, and no copy: the answer is a list of slices of the chunks' own bytes
 * ({@link ByteSlices}) around a small head. Otherwise the batch goes through {@link TieredCache#getAll}, which asks
 * L2 once and the database once for whatever is still missing. "Latest trades" cannot know how many chunks hold
 * {@code limit} trades, so it walks back a few chunks at a time until it has enough or reaches the look-back.
 * Every request of a known instrument reports its keys to the {@link HotKeySampler} (one call; it samples), which
 * is what warm-up follows.
 */
@ApplicationScoped
public class MarketDataReader {
    /** Trade chunks a "latest trades" request reads per round (warm-up warms the first round). */
    public static final int TRADE_CHUNKS_PER_ROUND = 8;
    /** Room for {@code {"exchange":..,"symbol":..,"timeframe":..,"candles":[} without growing. */
    private static final int HEAD_BYTES = 128;
    private static final byte[] CLOSE = {']', '}'};

    @Inject
    CacheTiers tiers;
    @Inject
    InstrumentRegistry instruments;
    @Inject
    MarketCacheConfig config;
    @Inject
    TimeSource time;
    @Inject
    HotKeySampler hotKeys;
    @Inject
    ChunkKeys chunkKeys;

    public CompletionStage<Answer> candles(CandleQuery q) {
        if (instruments.isKnown(q.instrument())) {
            return readCandles(q);
        }
        return instruments.require(q.instrument()).thenCompose(id -> readCandles(q));
    }

    /** The keys of the chunks that cover a candle query's window at {@code now}. */
    public List<SeriesKey> candleKeys(Instrument instrument, Timeframe tf, SeriesRange r, long now) {
        TimeChunking chunking = chunkKeys.sizes().candles(tf);
        long[] span = chunking.covering(r.from(), r.to());
        List<SeriesKey> keys = new ArrayList<>((int) Math.max(0, span[1] - span[0] + 1));
        for (long i = span[0]; i <= span[1]; i++) {
            if (chunking.start(i) > now) {
                break;
            }
            keys.add(chunkKeys.candleChunk(instrument, tf, i));
        }
        return keys;
    }

    private CompletionStage<Answer> readCandles(CandleQuery q) {
        long now = time.currentTimeMillis();
        SeriesRange r = q.range(now);
        TieredCache<SeriesKey, SeriesChunk> cache = tiers.candles(q.timeframe());
        List<SeriesKey> keys = candleKeys(q.instrument(), q.timeframe(), r, now);
        hotKeys.record(keys);
        long start = System.nanoTime();
        List<SeriesChunk> cached = cache.peekAll(keys);
        if (cached != null) {
            ByteSlices body = renderCandles(q, r, cached);
            return CompletableFuture.completedFuture(Answer.of(body, keys.isEmpty() ? Set.of() : Set.of(Tier.L1),
                    false, System.nanoTime() - start, 0, 0));
        }
        return cache.getAll(keys).thenApply(lookup -> {
            List<SeriesChunk> chunks = new ArrayList<>(keys.size());
            for (SeriesKey k : keys) {
                chunks.add(lookup.value(k));
            }
            return Answer.from(renderCandles(q, r, chunks), lookup);
        });
    }

    /**
     * The body of a candle answer: the window of {@code r} over {@code chunks} (ascending, {@code null} for none),
     * referenced, not copied. Public for the microbenchmarks, which measure exactly this.
     */
    public static ByteSlices renderCandles(CandleQuery q, SeriesRange r, List<SeriesChunk> chunks) {
        SeriesWindow w = SeriesWindow.select(chunks, r.from(), r.to(), r.limit(), r.latest());
        ByteSink head = new ByteSink(HEAD_BYTES);
        head(head, q.instrument());
        head.ascii(",\"timeframe\":\"").ascii(q.timeframe().label()).ascii("\",\"candles\":[");
        ByteSlices out = new ByteSlices(w.sliceCountHint() + 2).add(head);
        w.addTo(out);
        return out.add(CLOSE);
    }

    public CompletionStage<Answer> trades(TradeQuery q) {
        if (instruments.isKnown(q.instrument())) {
            return readTrades(q);
        }
        return instruments.require(q.instrument()).thenCompose(id -> readTrades(q));
    }

    private CompletionStage<Answer> readTrades(TradeQuery q) {
        long now = time.currentTimeMillis();
        MarketCacheConfig.Trades cfg = config.trades();
        SeriesRange r = q.range(now, cfg.maxRange(), cfg.latestLookback());
        TimeChunking chunking = chunkKeys.sizes().trades();
        long[] span = chunking.covering(r.from(), r.to());
        Accumulator acc = new Accumulator();
        if (!r.latest()) {
            List<SeriesKey> keys = new ArrayList<>();
            for (long i = span[0]; i <= span[1]; i++) {
                keys.add(chunkKeys.tradeChunk(q.instrument(), i));
            }
            hotKeys.record(keys);
            return acc.fetch(tiers.trades(), keys, true).thenApply(v -> acc.render(q.instrument(), r));
        }
        return latestTrades(q, r, span[0], span[1], acc).thenApply(v -> acc.render(q.instrument(), r));
    }

    private CompletionStage<Void> latestTrades(TradeQuery q, SeriesRange r, long first, long last,
            Accumulator acc) {
        long lo = Math.max(first, last - TRADE_CHUNKS_PER_ROUND + 1);
        List<SeriesKey> keys = new ArrayList<>();
        for (long i = lo; i <= last; i++) {
            keys.add(chunkKeys.tradeChunk(q.instrument(), i));
        }
        hotKeys.record(keys);
        return acc.fetch(tiers.trades(), keys, false).thenCompose(v -> {
            if (lo <= first || acc.countWithin(r) >= r.limit()) {
                return CompletableFuture.completedFuture(null);
            }
            return latestTrades(q, r, first, lo - 1, acc);
        });
    }

    /** Collects trade chunks over one or more rounds, with tiers and timings. */
    private static final class Accumulator {
        private final List<SeriesChunk> chunks = new ArrayList<>();
        private final EnumSet<Tier> tiers = EnumSet.noneOf(Tier.class);
        private final long[] nanos = new long[3];
        private boolean stale;

        CompletionStage<Void> fetch(TieredCache<SeriesKey, SeriesChunk> cache, List<SeriesKey> keys, boolean append) {
            long start = System.nanoTime();
            List<SeriesChunk> hit = cache.peekAll(keys);
            if (hit != null) {
                add(hit, append);
                if (!keys.isEmpty()) {
                    tiers.add(Tier.L1);
                }
                nanos[0] += System.nanoTime() - start;
                return CompletableFuture.completedFuture(null);
            }
            return cache.getAll(keys).thenAccept(lookup -> {
                List<SeriesChunk> got = new ArrayList<>(keys.size());
                for (SeriesKey k : keys) {
                    got.add(lookup.value(k));
                }
                add(got, append);
                tiers.addAll(lookup.answeredBy());
                stale |= lookup.stale();
                nanos[0] += lookup.nanos(Tier.L1);
                nanos[1] += lookup.nanos(Tier.L2);
                nanos[2] += lookup.nanos(Tier.L3);
            });
        }

        private void add(List<SeriesChunk> got, boolean append) {
            if (append) {
                chunks.addAll(got);
            } else {
                chunks.addAll(0, got);
            }
        }

        int countWithin(SeriesRange r) {
            return SeriesWindow.select(chunks, r.from(), r.to(), Integer.MAX_VALUE, true).count();
        }

        Answer render(Instrument instrument, SeriesRange r) {
            SeriesWindow w = SeriesWindow.select(chunks, r.from(), r.to(), r.limit(), r.latest());
            ByteSink head = new ByteSink(HEAD_BYTES);
            head(head, instrument);
            head.ascii(",\"trades\":[");
            ByteSlices out = new ByteSlices(w.sliceCountHint() + 2).add(head);
            w.addTo(out);
            return Answer.of(out.add(CLOSE), tiers, stale, nanos[0], nanos[1], nanos[2]);
        }
    }

    public CompletionStage<Answer> ticker(Instrument instrument) {
        SnapshotKey key = tiers.keys().ticker(instrument);
        TieredCache<SnapshotKey, TickerView> cache = tiers.tickers();
        long start = System.nanoTime();
        TickerView v = instruments.isKnown(instrument) ? cache.peek(key) : null;
        if (v != null) {
            hotKeys.record(key);
            return CompletableFuture.completedFuture(Answer.of(v.json(), Set.of(Tier.L1), false,
                    System.nanoTime() - start, 0, 0));
        }
        return instruments.require(instrument).thenCompose(id -> cache.getAll(List.of(key))).thenApply(lookup -> {
            hotKeys.record(key);
            TickerView t = lookup.value(key);
            if (t == null) {
                throw new NotFoundException("NO_TICKER", "symbol", "no ticker has been recorded for "
                        + instrument);
            }
            return Answer.from(t.json(), lookup);
        });
    }

    public CompletionStage<Answer> orderBook(Instrument instrument, int depth) {
        SnapshotKey key = tiers.keys().orderBook(instrument);
        TieredCache<SnapshotKey, OrderBookView> cache = tiers.orderBooks();
        long start = System.nanoTime();
        OrderBookView v = instruments.isKnown(instrument) ? cache.peek(key) : null;
        if (v != null) {
            hotKeys.record(key);
            return CompletableFuture.completedFuture(Answer.of(renderBook(v, depth), Set.of(Tier.L1), false,
                    System.nanoTime() - start, 0, 0));
        }
        return instruments.require(instrument).thenCompose(id -> cache.getAll(List.of(key))).thenApply(lookup -> {
            hotKeys.record(key);
            OrderBookView b = lookup.value(key);
            if (b == null) {
                throw new NotFoundException("NO_ORDERBOOK", "symbol", "no order book has been recorded for "
                        + instrument);
            }
            return Answer.from(renderBook(b, depth), lookup);
        });
    }

    private static ByteSlices renderBook(OrderBookView v, int depth) {
        ByteSlices out = new ByteSlices(7);
        v.addJson(out, depth);
        return out;
    }

    private static void head(ByteSink out, Instrument instrument) {
        out.ascii("{\"exchange\":\"").ascii(instrument.exchange().id()).ascii("\",\"symbol\":\"")
                .ascii(instrument.symbol().base()).write('/').ascii(instrument.symbol().quote()).write('"');
    }
}
