package org.marketcache.store;

import java.util.List;
import java.util.Optional;

import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.Trade;

import io.smallrye.mutiny.Uni;

/**
 * The system of record (L3) as the cache sees it: market data in and out as domain records, never entities.
 *
 * <h2>Threads and context</h2>
 * Every method may be called from any thread: a Vert.x event loop, a worker, a timer or a plain executor thread.
 * Each call runs on a new duplicated Vert.x context of its own (so it gets its own Hibernate Reactive session and
 * connection, and calls may run concurrently); when the caller is on a Vert.x context, the call stays on that
 * event loop. Nothing happens until the returned {@link Uni} is subscribed. Results and failures are delivered on a
 * Vert.x event-loop thread: do not block in the continuation (use {@code emitOn(executor)} if you must).
 *
 * <h2>Deadlines and failures</h2>
 * Reads have the deadline {@code marketcache.l3.query-timeout}, writes {@code marketcache.l3.write-timeout}.
 * Past it the {@code Uni} fails with {@link org.marketcache.core.tier.TierTimeoutException} ({@code L3_TIMEOUT}):
 * {@code candles/l3 timed out after 2004ms (budget 2000ms)}. The statement itself is not abandoned mid-flight (its
 * session is closed normally when it ends); set a server-side {@code statement_timeout} on the reactive datasource
 * to bound it (see docs/storage.md). A database that cannot be reached or fails the statement surfaces as
 * {@link org.marketcache.core.tier.TierUnavailableException} ({@code L3_UNAVAILABLE}) whose message starts with the
 * operation ({@code trades/l3 ...}). Invalid arguments fail with
 * {@link org.marketcache.core.InvalidInputException} before any SQL runs; a stored row that breaks a domain rule
 * fails with {@link org.marketcache.core.codec.CorruptValueException}.
 *
 * <h2>Exactness</h2>
 * Prices and amounts come back with exactly the value and scale they were written with ("65000.10" stays
 * "65000.10"). Times are epoch milliseconds.
 */
public interface MarketDataStore {

    /** Every known instrument, by id. */
    Uni<List<InstrumentRecord>> instruments();

    /** The id of {@code instrument}, or empty if it was never written. */
    Uni<Optional<Integer>> instrumentId(Instrument instrument);

    /** The id of {@code instrument}, creating the row if needed (idempotent, safe under concurrency). */
    Uni<Integer> ensureInstrument(Instrument instrument);

    /**
     * Candles of {@code timeframe} whose open time falls in any of {@code ranges}, ascending by open time, each
     * candle once even if ranges overlap, all in one SQL statement. A range's start is aligned down to its
     * timeframe bucket, so a candle is returned whole when a range starts inside it. A candle is closed iff its
     * interval has ended by {@code nowMillis} and every 1-minute candle in it is closed.
     */
    Uni<List<Candle>> candles(int instrumentId, Timeframe timeframe, List<TimeRange> ranges, long nowMillis);

    /** The most recent ticker, if any. */
    Uni<Optional<Ticker>> latestTicker(int instrumentId);

    /** The most recent full order-book snapshot (highest time, then highest sequence), if any. */
    Uni<Optional<OrderBook>> latestOrderBook(int instrumentId);

    /** Trades with time in any of {@code ranges}, ascending by time then trade id, in one SQL statement. */
    Uni<List<Trade>> trades(int instrumentId, List<TimeRange> ranges);

    /**
     * Inserts or replaces 1-minute candles (aligned to the minute) and returns how many rows changed. A closed
     * candle is never replaced by a live (not closed) one, so a late, stale live update cannot reopen it.
     */
    Uni<Integer> upsertCandles(int instrumentId, List<Candle> candles);

    /** Inserts trades not yet stored (same time and trade id = same trade) and returns how many were new. */
    Uni<Integer> insertTrades(int instrumentId, List<Trade> trades);

    /** Inserts tickers not yet stored (same time = same ticker) and returns how many were new. */
    Uni<Integer> insertTickers(int instrumentId, List<Ticker> tickers);

    /** Inserts order books not yet stored (same time and sequence = same book) and returns how many were new. */
    Uni<Integer> insertOrderBooks(int instrumentId, List<OrderBook> books);
}
