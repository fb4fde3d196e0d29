package org.marketcache.read;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.Trade;
import org.marketcache.store.MarketDataStore;

import io.smallrye.mutiny.Uni;

/**
 * Counts the queries that reach the real database through the store (a CDI decorator on the real store: every
 * call still goes to PostgreSQL). Tests reset it and read how many source queries their requests caused.
 */
@Decorator
@Priority(10)
public abstract class CountingStore implements MarketDataStore {
    public static final AtomicInteger CANDLE_QUERIES = new AtomicInteger();
    public static final List<List<TimeRange>> CANDLE_RANGES = new CopyOnWriteArrayList<>();
    public static final AtomicInteger SNAPSHOT_QUERIES = new AtomicInteger();
    public static final AtomicInteger INSTRUMENT_LOOKUPS = new AtomicInteger();

    @Inject
    @Delegate
    MarketDataStore delegate;

    public static void reset() {
        CANDLE_QUERIES.set(0);
        CANDLE_RANGES.clear();
        SNAPSHOT_QUERIES.set(0);
        INSTRUMENT_LOOKUPS.set(0);
    }

    @Override
    public Uni<List<Candle>> candles(int instrumentId, Timeframe timeframe, List<TimeRange> ranges, long nowMillis) {
        CANDLE_QUERIES.incrementAndGet();
        CANDLE_RANGES.add(List.copyOf(ranges));
        return delegate.candles(instrumentId, timeframe, ranges, nowMillis);
    }

    @Override
    public Uni<Optional<Ticker>> latestTicker(int instrumentId) {
        SNAPSHOT_QUERIES.incrementAndGet();
        return delegate.latestTicker(instrumentId);
    }

    @Override
    public Uni<Optional<OrderBook>> latestOrderBook(int instrumentId) {
        SNAPSHOT_QUERIES.incrementAndGet();
        return delegate.latestOrderBook(instrumentId);
    }

    @Override
    public Uni<Optional<Integer>> instrumentId(Instrument instrument) {
        INSTRUMENT_LOOKUPS.incrementAndGet();
        return delegate.instrumentId(instrument);
    }

    @Override
    public Uni<List<Trade>> trades(int instrumentId, List<TimeRange> ranges) {
        return delegate.trades(instrumentId, ranges);
    }
}
