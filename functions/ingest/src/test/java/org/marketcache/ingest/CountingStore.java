package org.marketcache.ingest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;

import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.store.MarketDataStore;

import io.smallrye.mutiny.Uni;

/**
 * Records every candle query that reaches the real database through the store (a CDI decorator on the real store:
 * every call still goes to PostgreSQL), so a test can tell a narrow read of a few buckets from a chunk rebuild, and
 * an answer from L2 from one that needed the database.
 */
@Decorator
@Priority(10)
public abstract class CountingStore implements MarketDataStore {
    /** One candle query: the instrument, the timeframe and the ranges asked for. */
    public record CandleQuery(int instrumentId, Timeframe timeframe, List<TimeRange> ranges) {
    }

    public static final List<CandleQuery> CANDLE_QUERIES = new CopyOnWriteArrayList<>();

    @Inject
    @Delegate
    MarketDataStore delegate;

    public static void reset() {
        CANDLE_QUERIES.clear();
    }

    /** The candle queries of one instrument and timeframe since the last {@link #reset()}. */
    public static List<CandleQuery> candleQueries(int instrumentId, Timeframe timeframe) {
        return CANDLE_QUERIES.stream().filter(q -> q.instrumentId() == instrumentId && q.timeframe() == timeframe)
                .toList();
    }

    @Override
    public Uni<List<Candle>> candles(int instrumentId, Timeframe timeframe, List<TimeRange> ranges, long nowMillis) {
        CANDLE_QUERIES.add(new CandleQuery(instrumentId, timeframe, List.copyOf(ranges)));
        return delegate.candles(instrumentId, timeframe, ranges, nowMillis);
    }
}
