package org.marketcache.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.marketcache.core.InvalidInputException;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Fields;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.Trade;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * {@link MarketDataStore} on Hibernate Reactive Panache. Each method, once subscribed, checks its arguments (so bad
 * input fails with {@link InvalidInputException} before any SQL), then runs one {@link L3Call}: its own Vert.x
 * context and Panache session, a deadline, translated failures. Reads use a plain session; writes ensure the
 * monthly partitions they need, then write all batches in one transaction, so a write is all-or-nothing.
 */
@ApplicationScoped
public class PanacheMarketDataStore implements MarketDataStore {
    private static final String NO_PARTITION_STATE = "23514";

    private final InstrumentRepository instruments;
    private final CandleRepository candles;
    private final TradeRepository trades;
    private final TickerRepository tickers;
    private final OrderBookRepository books;
    private final L3Call call;
    private final PartitionMonths partitions = new PartitionMonths();
    private final Duration queryTimeout;
    private final Duration writeTimeout;
    private final int maxRanges;
    private final int batchSize;

    PanacheMarketDataStore(InstrumentRepository instruments, CandleRepository candles, TradeRepository trades,
            TickerRepository tickers, OrderBookRepository books, Vertx vertx, L3Config config) {
        this.instruments = instruments;
        this.candles = candles;
        this.trades = trades;
        this.tickers = tickers;
        this.books = books;
        this.call = new L3Call(vertx);
        this.queryTimeout = config.queryTimeout();
        this.writeTimeout = config.writeTimeout();
        this.maxRanges = config.maxRangesPerQuery();
        this.batchSize = config.writeBatchSize();
    }

    @Override
    public Uni<List<InstrumentRecord>> instruments() {
        return read("instruments", instruments::all);
    }

    @Override
    public Uni<Optional<Integer>> instrumentId(Instrument instrument) {
        return Uni.createFrom().deferred(() -> {
            Fields.requireNonNull("instrument", instrument);
            return read("instrument-id", () -> instruments.idOf(instrument)).map(Optional::ofNullable);
        });
    }

    @Override
    public Uni<Integer> ensureInstrument(Instrument instrument) {
        return Uni.createFrom().deferred(() -> {
            Fields.requireNonNull("instrument", instrument);
            return call.run("ensure-instrument", writeTimeout, () -> Panache.withTransaction(
                    () -> instruments.upsert(instrument))
                    .chain(id -> id != null ? Uni.createFrom().item(id)
                            : Panache.withSession(() -> instruments.idOf(instrument))));
        });
    }

    @Override
    public Uni<List<Candle>> candles(int instrumentId, Timeframe timeframe, List<TimeRange> ranges, long nowMillis) {
        return Uni.createFrom().deferred(() -> {
            requireId(instrumentId);
            Fields.requireNonNull("timeframe", timeframe);
            Fields.epochMillis("now", nowMillis);
            List<TimeRange> merged = ranges(ranges);
            if (merged.isEmpty()) {
                return Uni.createFrom().item(List.<Candle>of());
            }
            return read("candles", () -> candles.select(instrumentId, timeframe, merged, nowMillis));
        });
    }

    @Override
    public Uni<Optional<Ticker>> latestTicker(int instrumentId) {
        return Uni.createFrom().deferred(() -> {
            requireId(instrumentId);
            return read("latest-ticker", () -> tickers.latest(instrumentId)).map(Optional::ofNullable);
        });
    }

    @Override
    public Uni<Optional<OrderBook>> latestOrderBook(int instrumentId) {
        return Uni.createFrom().deferred(() -> {
            requireId(instrumentId);
            return read("latest-order-book", () -> books.latest(instrumentId)).map(Optional::ofNullable);
        });
    }

    @Override
    public Uni<List<Trade>> trades(int instrumentId, List<TimeRange> ranges) {
        return Uni.createFrom().deferred(() -> {
            requireId(instrumentId);
            List<TimeRange> merged = ranges(ranges);
            if (merged.isEmpty()) {
                return Uni.createFrom().item(List.<Trade>of());
            }
            return read("trades", () -> trades.select(instrumentId, merged));
        });
    }

    @Override
    public Uni<Integer> upsertCandles(int instrumentId, List<Candle> rows) {
        return Uni.createFrom().deferred(() -> {
            requireId(instrumentId);
            // Last one wins per open time: a single upsert statement may not touch a row twice.
            Map<Long, Candle> byTime = new LinkedHashMap<>();
            for (Candle c : Fields.requireNonNull("candles", rows)) {
                Fields.requireNonNull("candles[]", c).requireAligned(Timeframe.M1);
                byTime.put(c.openTime(), c);
            }
            return write("upsert-candles", "candle_1m", new ArrayList<>(byTime.values()), Candle::openTime,
                    batch -> candles.upsert(instrumentId, batch));
        });
    }

    @Override
    public Uni<Integer> insertTrades(int instrumentId, List<Trade> rows) {
        return Uni.createFrom().deferred(() -> {
            requireId(instrumentId);
            return write("insert-trades", "trade", nonNull("trades", rows), Trade::time,
                    batch -> trades.insert(instrumentId, batch));
        });
    }

    @Override
    public Uni<Integer> insertTickers(int instrumentId, List<Ticker> rows) {
        return Uni.createFrom().deferred(() -> {
            requireId(instrumentId);
            return write("insert-tickers", "ticker", nonNull("tickers", rows), Ticker::time,
                    batch -> tickers.insert(instrumentId, batch));
        });
    }

    @Override
    public Uni<Integer> insertOrderBooks(int instrumentId, List<OrderBook> rows) {
        return Uni.createFrom().deferred(() -> {
            requireId(instrumentId);
            return write("insert-order-books", "order_book", nonNull("books", rows), OrderBook::time,
                    batch -> books.insert(instrumentId, batch));
        });
    }

    private <T> Uni<T> read(String operation, Supplier<Uni<T>> query) {
        return call.run(operation, queryTimeout, () -> Panache.withSession(query));
    }

    private <T> Uni<Integer> write(String operation, String table, List<T> rows, ToLongFunction<T> time,
            Function<List<T>, Uni<Integer>> insert) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (T row : rows) {
            from = Math.min(from, time.applyAsLong(row));
            to = Math.max(to, time.applyAsLong(row));
        }
        long first = from;
        long last = to;
        List<List<T>> batches = batches(rows);
        return call.run(operation, writeTimeout, () -> attempt(table, first, last, batches, insert)
                .onFailure(PanacheMarketDataStore::isMissingPartition).recoverWithUni(failure -> {
                    partitions.forget(table);
                    return attempt(table, first, last, batches, insert);
                }));
    }

    private <T> Uni<Integer> attempt(String table, long from, long to, List<List<T>> batches,
            Function<List<T>, Uni<Integer>> insert) {
        return partitions.ensure(table, from, to).chain(() -> Panache.withTransaction(() -> Multi.createFrom()
                .iterable(batches)
                .onItem().<Integer>transformToUniAndConcatenate(insert::apply)
                .collect().with(Collectors.summingInt(Integer::intValue))));
    }

    private <T> List<List<T>> batches(List<T> rows) {
        List<List<T>> out = new ArrayList<>(rows.size() / batchSize + 1);
        for (int i = 0; i < rows.size(); i += batchSize) {
            out.add(rows.subList(i, Math.min(rows.size(), i + batchSize)));
        }
        return out;
    }

    private static boolean isMissingPartition(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (NO_PARTITION_STATE.equals(L3Call.sqlState(c)) && c.getMessage() != null
                    && c.getMessage().contains("no partition of relation")) {
                return true;
            }
        }
        return false;
    }

    private List<TimeRange> ranges(List<TimeRange> ranges) {
        Fields.requireNonNull("ranges", ranges);
        if (ranges.size() > maxRanges) {
            throw new InvalidInputException("INVALID_FIELD", "ranges", "ranges must have at most " + maxRanges
                    + " entries (marketcache.l3.max-ranges-per-query): " + ranges.size());
        }
        return TimeRange.normalize(ranges);
    }

    private static <T> List<T> nonNull(String field, List<T> rows) {
        Fields.requireNonNull(field, rows);
        for (T row : rows) {
            Fields.requireNonNull(field + "[]", row);
        }
        return rows;
    }

    private static void requireId(int instrumentId) {
        if (instrumentId <= 0) {
            throw Fields.invalid("instrumentId", "instrumentId must be positive: " + instrumentId);
        }
    }

}
