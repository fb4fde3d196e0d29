package org.marketcache.warmup;

import java.util.List;
import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;

import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.Trade;
import org.marketcache.store.InstrumentRecord;
import org.marketcache.store.MarketDataStore;

import io.smallrye.mutiny.Uni;

/**
 * Counts database reads at the {@link MarketDataStore} boundary (a CDI decorator of the real store, test sources
 * only): every read method is one SQL statement, counted when its {@code Uni} is subscribed, which is when the
 * statement is sent. Writes (test seeding) are passed through uncounted.
 */
@Decorator
@Priority(10)
public abstract class CountingStore implements MarketDataStore {
    @Inject
    @Delegate
    @Any
    MarketDataStore delegate;

    private static <T> Uni<T> counted(String what, Uni<T> call) {
        return call.onSubscription().invoke(() -> StoreCalls.started(what)).onTermination()
                .invoke(StoreCalls::ended);
    }

    @Override
    public Uni<List<InstrumentRecord>> instruments() {
        return counted("instruments", delegate.instruments());
    }

    @Override
    public Uni<Optional<Integer>> instrumentId(Instrument instrument) {
        return counted("instrument-id", delegate.instrumentId(instrument));
    }

    @Override
    public Uni<List<Candle>> candles(int instrumentId, Timeframe timeframe, List<TimeRange> ranges, long nowMillis) {
        return counted("candles", delegate.candles(instrumentId, timeframe, ranges, nowMillis));
    }

    @Override
    public Uni<Optional<Ticker>> latestTicker(int instrumentId) {
        return counted("ticker", delegate.latestTicker(instrumentId));
    }

    @Override
    public Uni<Optional<OrderBook>> latestOrderBook(int instrumentId) {
        return counted("orderbook", delegate.latestOrderBook(instrumentId));
    }

    @Override
    public Uni<List<Trade>> trades(int instrumentId, List<TimeRange> ranges) {
        return counted("trades", delegate.trades(instrumentId, ranges));
    }
}
