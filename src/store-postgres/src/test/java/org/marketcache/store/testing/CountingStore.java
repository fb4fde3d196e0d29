package org.marketcache.store.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

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
 * Counts the reads that reach the real database through a {@link MarketDataStore}: every call still goes to the
 * store it wraps. Each read method is one SQL statement and is recorded when its {@code Uni} is subscribed, which is
 * when the statement is sent, with its arguments and start time; the number in flight is tracked too. Writes (test
 * seeding) pass through unrecorded.
 *
 * <p>A plain wrapper, not a CDI bean, so it is active only where a module's tests ask for it, with one producer
 * in their test sources:
 * <pre>
 * &#64;Produces &#64;Singleton &#64;Alternative &#64;Priority(10)
 * CountingStore countingStore(PanacheMarketDataStore real) { return new CountingStore(real); }
 * </pre>
 * Tests then inject {@code CountingStore}, {@link #reset()} it and read what their requests caused.
 */
public class CountingStore implements MarketDataStore {
    /**
     * One database read: the method ({@code instruments}, {@code instrument-id}, {@code candles}, {@code ticker},
     * {@code orderbook}, {@code trades}), its instrument id, timeframe and ranges where the method has them (else
     * {@code null}), and when it started ({@link System#nanoTime()}).
     */
    public record Call(String what, Integer instrumentId, Timeframe timeframe, List<TimeRange> ranges,
            long startNanos) {
    }

    private final MarketDataStore delegate;
    private final List<Call> calls = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    public CountingStore(MarketDataStore delegate) {
        this.delegate = delegate;
    }

    /** Forgets every recorded read; the in-flight maximum restarts from the reads in flight now. */
    public void reset() {
        synchronized (calls) {
            calls.clear();
        }
        maxInFlight.set(inFlight.get());
    }

    /** Every read since the last {@link #reset()}, in the order they started. */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public int count() {
        return calls().size();
    }

    /** The method of every read, in order. */
    public List<String> what() {
        return calls().stream().map(Call::what).toList();
    }

    /** Start times in nanoseconds ({@link System#nanoTime()}), in order. */
    public List<Long> starts() {
        return calls().stream().map(Call::startNanos).toList();
    }

    public List<Call> candleQueries() {
        return calls().stream().filter(c -> c.what().equals("candles")).toList();
    }

    /** The candle queries of one instrument and timeframe. */
    public List<Call> candleQueries(int instrumentId, Timeframe timeframe) {
        return candleQueries().stream()
                .filter(c -> c.instrumentId() == instrumentId && c.timeframe() == timeframe).toList();
    }

    /** The reads of one method, e.g. {@code instrument-id}. */
    public List<Call> calls(String what) {
        return calls().stream().filter(c -> c.what().equals(what)).toList();
    }

    /** The most reads in flight at once since the last {@link #reset()}. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** The most reads that started within any {@code window} (half-open). */
    public int maxInAnyWindow(Duration window) {
        List<Long> s = starts();
        long windowNanos = window.toNanos();
        int best = 0;
        int lo = 0;
        for (int hi = 0; hi < s.size(); hi++) {
            while (s.get(hi) - s.get(lo) >= windowNanos) {
                lo++;
            }
            best = Math.max(best, hi - lo + 1);
        }
        return best;
    }

    private <T> Uni<T> counted(String what, Integer instrumentId, Timeframe timeframe, List<TimeRange> ranges,
            Uni<T> read) {
        List<TimeRange> asked = ranges == null ? null : List.copyOf(ranges);
        return read.onSubscription().invoke(() -> started(new Call(what, instrumentId, timeframe, asked,
                System.nanoTime()))).onTermination().invoke(inFlight::decrementAndGet);
    }

    private void started(Call call) {
        synchronized (calls) {
            calls.add(call);
        }
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    }

    @Override
    public Uni<List<InstrumentRecord>> instruments() {
        return counted("instruments", null, null, null, delegate.instruments());
    }

    @Override
    public Uni<Optional<Integer>> instrumentId(Instrument instrument) {
        return counted("instrument-id", null, null, null, delegate.instrumentId(instrument));
    }

    @Override
    public Uni<Integer> ensureInstrument(Instrument instrument) {
        return delegate.ensureInstrument(instrument);
    }

    @Override
    public Uni<List<Candle>> candles(int instrumentId, Timeframe timeframe, List<TimeRange> ranges, long nowMillis) {
        return counted("candles", instrumentId, timeframe, ranges,
                delegate.candles(instrumentId, timeframe, ranges, nowMillis));
    }

    @Override
    public Uni<Optional<Ticker>> latestTicker(int instrumentId) {
        return counted("ticker", instrumentId, null, null, delegate.latestTicker(instrumentId));
    }

    @Override
    public Uni<Optional<OrderBook>> latestOrderBook(int instrumentId) {
        return counted("orderbook", instrumentId, null, null, delegate.latestOrderBook(instrumentId));
    }

    @Override
    public Uni<List<Trade>> trades(int instrumentId, List<TimeRange> ranges) {
        return counted("trades", instrumentId, null, ranges, delegate.trades(instrumentId, ranges));
    }

    @Override
    public Uni<Integer> upsertCandles(int instrumentId, List<Candle> candles) {
        return delegate.upsertCandles(instrumentId, candles);
    }

    @Override
    public Uni<Integer> insertTrades(int instrumentId, List<Trade> trades) {
        return delegate.insertTrades(instrumentId, trades);
    }

    @Override
    public Uni<Integer> insertTickers(int instrumentId, List<Ticker> tickers) {
        return delegate.insertTickers(instrumentId, tickers);
    }

    @Override
    public Uni<Integer> insertOrderBooks(int instrumentId, List<OrderBook> books) {
        return delegate.insertOrderBooks(instrumentId, books);
    }
}
