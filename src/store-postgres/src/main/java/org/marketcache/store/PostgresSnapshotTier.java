package org.marketcache.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheTier;
import org.marketcache.core.policy.EntryPolicy;
import org.marketcache.core.tier.Tier;
import org.marketcache.core.TimeSource;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.cache.CacheNames;
import org.marketcache.marketdata.cache.OrderBookCodec;
import org.marketcache.marketdata.cache.OrderBookView;
import org.marketcache.marketdata.cache.SnapshotKey;
import org.marketcache.marketdata.cache.TickerCodec;
import org.marketcache.marketdata.cache.TickerView;

import io.smallrye.mutiny.Uni;

/**
 * L3 for "latest value" data (tickers, order books): one query per instrument for its newest row. An instrument with
 * no row yet is simply absent (the reader answers 404 for it).
 *
 * @param <D> the domain record ({@link Ticker}, {@link OrderBook})
 * @param <V> the cached view
 */
public final class PostgresSnapshotTier<D, V> implements CacheTier<SnapshotKey, V> {
    private final String cache;
    private final InstrumentIds instruments;
    private final EntryPolicy<SnapshotKey, V> policy;
    private final TimeSource time;
    private final Function<Integer, Uni<Optional<D>>> latest;
    private final BiFunction<Instrument, D, V> view;
    private final Function<V, D> record;
    private final BiFunction<Integer, D, Uni<Integer>> write;
    private final MarketDataStore store;

    private PostgresSnapshotTier(String cache, MarketDataStore store, InstrumentIds instruments,
            EntryPolicy<SnapshotKey, V> policy, TimeSource time, Function<Integer, Uni<Optional<D>>> latest,
            BiFunction<Instrument, D, V> view, Function<V, D> record, BiFunction<Integer, D, Uni<Integer>> write) {
        this.cache = cache;
        this.store = store;
        this.instruments = instruments;
        this.policy = policy;
        this.time = time;
        this.latest = latest;
        this.view = view;
        this.record = record;
        this.write = write;
    }

    public static PostgresSnapshotTier<Ticker, TickerView> tickers(MarketDataStore store,
            InstrumentIds instruments, EntryPolicy<SnapshotKey, TickerView> policy, TimeSource time) {
        return new PostgresSnapshotTier<>(CacheNames.TICKERS, store, instruments, policy, time, store::latestTicker,
                TickerCodec::build, TickerCodec::ticker, (id, t) -> store.insertTickers(id, List.of(t)));
    }

    public static PostgresSnapshotTier<OrderBook, OrderBookView> orderBooks(MarketDataStore store,
            InstrumentIds instruments, EntryPolicy<SnapshotKey, OrderBookView> policy, TimeSource time) {
        return new PostgresSnapshotTier<>(CacheNames.ORDERBOOKS, store, instruments, policy, time,
                store::latestOrderBook, OrderBookCodec::build, OrderBookCodec::orderBook,
                (id, b) -> store.insertOrderBooks(id, List.of(b)));
    }

    @Override
    public Tier tier() {
        return Tier.L3;
    }

    @Override
    public CompletionStage<Map<SnapshotKey, CacheEntry<V>>> getAll(Collection<SnapshotKey> keys) {
        List<CompletableFuture<Optional<CacheEntry<V>>>> parts = new ArrayList<>();
        List<SnapshotKey> order = new ArrayList<>(keys);
        for (SnapshotKey k : order) {
            Instrument instrument = k.instrument();
            parts.add(instruments.require(instrument)
                    .thenCompose(id -> SourceLoads.load(latest.apply(id), cache, instrument))
                    .thenApply(found -> found.map(d -> policy.stamp(k, view.apply(instrument, d),
                            time.currentTimeMillis())))
                    .toCompletableFuture());
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
            Map<SnapshotKey, CacheEntry<V>> out = new HashMap<>();
            for (int i = 0; i < order.size(); i++) {
                Optional<CacheEntry<V>> e = parts.get(i).join();
                if (e.isPresent()) {
                    out.put(order.get(i), e.get());
                }
            }
            return out;
        });
    }

    @Override
    public CompletionStage<Void> putAll(Map<SnapshotKey, CacheEntry<V>> entries) {
        List<CompletableFuture<Integer>> parts = new ArrayList<>();
        for (Map.Entry<SnapshotKey, CacheEntry<V>> e : entries.entrySet()) {
            D d = record.apply(e.getValue().value());
            parts.add(store.ensureInstrument(e.getKey().instrument()).flatMap(id -> write.apply(id, d))
                    .subscribeAsCompletionStage());
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]));
    }

    @Override
    public CompletionStage<Long> invalidateAll(Collection<SnapshotKey> keys) {
        return CompletableFuture.completedFuture(0L);
    }
}
