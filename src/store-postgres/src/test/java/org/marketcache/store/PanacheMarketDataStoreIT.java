package org.marketcache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.marketcache.testkit.Await.failure;
import static org.marketcache.testkit.Await.result;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.marketcache.core.InvalidInputException;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.PriceLevel;
import org.marketcache.marketdata.Side;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.Trade;
import org.marketcache.testkit.PostgresDatabase;

import org.hibernate.query.sqm.internal.SqmCriteriaNodeBuilder;
import org.hibernate.reactive.mutiny.Mutiny;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/** The store against the real PostgreSQL (partitioned layout). Each test works on instruments of its own. */
@QuarkusTest
@WithTestResource(PostgresDatabase.class)
class PanacheMarketDataStoreIT {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(8);
    /** 2026-03-14T12:00:00Z. */
    private static final long T0 = 1_773_489_600_000L;
    private static final long MINUTE = 60_000L;

    @Inject
    MarketDataStore store;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Vertx vertx;

    @Inject
    Mutiny.SessionFactory sessionFactory;

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    private int newInstrument() {
        return result(store.ensureInstrument(Instrument.of("itest", "S" + NAMES.incrementAndGet() + "/USDT")));
    }

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static Candle candle(long openTime, String price, boolean closed) {
        BigDecimal p = d(price);
        return new Candle(openTime, p, p.add(BigDecimal.ONE), p, p, d("1.5"), closed);
    }

    @Test
    void ensureInstrumentIsIdempotentAndTheInstrumentIsListed() {
        Instrument instrument = Instrument.of("Binance", "eth-usdt");
        int id = result(store.ensureInstrument(instrument));
        assertThat(result(store.ensureInstrument(instrument))).isEqualTo(id);
        assertThat(result(store.instrumentId(instrument))).contains(id);
        assertThat(result(store.instrumentId(Instrument.of("nowhere", "NO/PE")))).isEmpty();
        assertThat(result(store.instruments())).contains(new InstrumentRecord(id, Instrument.of("binance", "ETH/USDT")));
    }

    @Test
    void concurrentEnsureInstrumentAgreesOnOneId() {
        Instrument instrument = Instrument.of("race", "RACE/USDT");
        List<CompletableFuture<Integer>> calls = IntStream.range(0, 16)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> result(store.ensureInstrument(instrument)), POOL))
                .toList();
        Set<Integer> ids = calls.stream().map(CompletableFuture::join).collect(Collectors.toSet());
        assertThat(ids).hasSize(1);
    }

    @Test
    void pricesAndAmountsRoundTripWithTheirExactScale() {
        int id = newInstrument();
        Candle candle = new Candle(T0, d("65000.10"), d("123456789.123456789"), d("0.00000001"), d("65000.10"),
                d("123456789.123456789"), true);
        Candle tiny = new Candle(T0 + MINUTE, d("0.00000001"), d("0.00000010"), d("0.00000001"), d("0.00000002"),
                d("0.00000001"), true);
        assertThat(result(store.upsertCandles(id, List.of(candle, tiny)))).isEqualTo(2);
        assertThat(result(store.candles(id, Timeframe.M1, List.of(TimeRange.of(T0, T0 + 2 * MINUTE)), T0 + 10 * MINUTE)))
                .containsExactly(candle, tiny);

        List<Trade> trades = List.of(new Trade("t-1", T0 + 1, d("65000.10"), d("0.00000001"), Side.BUY),
                new Trade("t-2", T0 + 2, d("123456789.123456789"), d("123456789.123456789"), Side.SELL),
                new Trade("t-3", T0 + 3, d("100"), d("2.500"), Side.BUY));
        assertThat(result(store.insertTrades(id, trades))).isEqualTo(3);
        assertThat(result(store.trades(id, List.of(TimeRange.of(T0, T0 + MINUTE))))).containsExactlyElementsOf(trades);

        Ticker ticker = new Ticker(T0, d("0.00000001"), d("65000.10"), d("65000.10"), d("123456789.123456789"));
        assertThat(result(store.insertTickers(id, List.of(ticker)))).isEqualTo(1);
        assertThat(result(store.latestTicker(id))).contains(ticker);

        OrderBook book = new OrderBook(T0, 7, List.of(new PriceLevel(d("65000.10"), d("0.00000001")),
                new PriceLevel(d("0.00000001"), d("123456789.123456789"))),
                List.of(new PriceLevel(d("123456789.123456789"), d("1.50"))));
        assertThat(result(store.insertOrderBooks(id, List.of(book)))).isEqualTo(1);
        assertThat(result(store.latestOrderBook(id))).contains(book);
    }

    @Test
    void writesAreIdempotentAndAClosedCandleIsNeverReopened() {
        int id = newInstrument();
        List<Candle> candles = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            candles.add(candle(T0 + i * MINUTE, "100." + (10 + i), true));
        }
        assertThat(result(store.upsertCandles(id, candles))).isEqualTo(100);
        assertThat(result(store.upsertCandles(id, candles))).as("same data again changes nothing").isZero();

        Candle corrected = candle(T0, "200.00", true);
        assertThat(result(store.upsertCandles(id, List.of(corrected)))).isEqualTo(1);
        Candle rescaled = candle(T0, "200.0", true);
        assertThat(result(store.upsertCandles(id, List.of(rescaled)))).as("a change of scale is a change").isEqualTo(1);

        Candle staleLive = candle(T0, "300.00", false);
        assertThat(result(store.upsertCandles(id, List.of(staleLive)))).isZero();
        assertThat(result(store.candles(id, Timeframe.M1, List.of(TimeRange.of(T0, T0 + MINUTE)), T0 + MINUTE)))
                .containsExactly(rescaled);

        long liveTime = T0 + 200 * MINUTE;
        assertThat(result(store.upsertCandles(id, List.of(candle(liveTime, "5.0", false))))).isEqualTo(1);
        assertThat(result(store.upsertCandles(id, List.of(candle(liveTime, "5.1", false))))).isEqualTo(1);
        assertThat(result(store.upsertCandles(id, List.of(candle(liveTime, "5.2", true))))).isEqualTo(1);

        List<Trade> trades = List.of(new Trade("a", T0, d("1"), d("1"), Side.BUY),
                new Trade("b", T0, d("1"), d("2"), Side.SELL));
        assertThat(result(store.insertTrades(id, trades))).isEqualTo(2);
        assertThat(result(store.insertTrades(id, trades))).isZero();
        Ticker ticker = new Ticker(T0, d("1"), d("2"), d("1.5"), d("10"));
        assertThat(result(store.insertTickers(id, List.of(ticker, ticker)))).isEqualTo(1);
        assertThat(result(store.insertTickers(id, List.of(ticker)))).isZero();
        OrderBook book = new OrderBook(T0, 1, List.of(new PriceLevel(d("1"), d("1"))), List.of());
        assertThat(result(store.insertOrderBooks(id, List.of(book)))).isEqualTo(1);
        assertThat(result(store.insertOrderBooks(id, List.of(book)))).isZero();
    }

    @Test
    void candlesOfManyRangesComeFromOneStatement() {
        int id = newInstrument();
        List<Candle> candles = new ArrayList<>();
        for (int i = 0; i < 180; i++) {
            candles.add(candle(T0 + i * MINUTE, "10" + i + ".5", true));
        }
        result(store.upsertCandles(id, candles));
        List<TimeRange> ranges = List.of(TimeRange.of(T0 + 120 * MINUTE, T0 + 125 * MINUTE),
                TimeRange.of(T0, T0 + 3 * MINUTE), TimeRange.of(T0 + 60 * MINUTE + 1, T0 + 62 * MINUTE),
                TimeRange.of(T0 + 2 * MINUTE, T0 + 4 * MINUTE));
        List<Candle> got;
        try (SqlStatements sql = SqlStatements.record()) {
            got = result(store.candles(id, Timeframe.M1, ranges, T0 + 1_000 * MINUTE));
            assertThat(sql.statements()).hasSize(1);
            assertThat(sql.statements().get(0)).contains("marketcache_candles");
        }
        // [0,4) merged, [60 aligned down to 60, 62), [120, 125): ascending, each candle once.
        List<Candle> expected = new ArrayList<>(candles.subList(0, 4));
        expected.addAll(candles.subList(60, 62));
        expected.addAll(candles.subList(120, 125));
        assertThat(got).containsExactlyElementsOf(expected);

        // Two ranges inside the same hour meet in one bucket once aligned: still one candle, one statement.
        try (SqlStatements sql = SqlStatements.record()) {
            List<Candle> hours = result(store.candles(id, Timeframe.H1, List.of(TimeRange.of(T0 + 5 * MINUTE,
                    T0 + 6 * MINUTE), TimeRange.of(T0 + 30 * MINUTE, T0 + 31 * MINUTE),
                    TimeRange.of(T0 + 150 * MINUTE, T0 + 151 * MINUTE)), T0 + 1_000 * MINUTE));
            assertThat(hours).extracting(Candle::openTime).containsExactly(T0, T0 + 120 * MINUTE);
            assertThat(sql.statements()).hasSize(1);
        }
    }

    /**
     * Hibernate Reactive 3.2's native select plans are never found in its plan cache again (its result mapping
     * wrapper has no {@code equals}), and each execution piled one more plan under the SQL text's hash: the candle
     * query must keep out of that cache (CandleRepository#SELECT_RANGES).
     */
    @Test
    void repeatedCandleReadsDoNotPileUpQueryPlans() {
        int id = newInstrument();
        result(store.upsertCandles(id, List.of(candle(T0, "100.5", true), candle(T0 + MINUTE, "101.5", true))));
        result(store.candles(id, Timeframe.M1, List.of(TimeRange.of(T0, T0 + 2 * MINUTE)), T0 + 10 * MINUTE));
        int before = cachedQueryPlans();
        for (int i = 0; i < 50; i++) {
            List<Candle> got = result(store.candles(id, i % 2 == 0 ? Timeframe.M1 : Timeframe.M5,
                    List.of(TimeRange.of(T0, T0 + 2 * MINUTE), TimeRange.of(T0 + 30 * MINUTE, T0 + 31 * MINUTE)),
                    T0 + 10 * MINUTE));
            assertThat(got).isNotEmpty();
        }
        assertThat(cachedQueryPlans()).as("query plans cached by 50 candle reads").isLessThanOrEqualTo(before + 2);
    }

    private int cachedQueryPlans() {
        return ((SqmCriteriaNodeBuilder) sessionFactory.getCriteriaBuilder()).getQueryEngine()
                .getInterpretationCache().getNumberOfCachedQueryPlans();
    }

    @Test
    void tradesOfManyRangesComeFromOneStatementOrderedByTimeThenId() {
        int id = newInstrument();
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // Two trades share each millisecond; their ids decide the order.
            trades.add(new Trade("id-" + (char) ('z' - i % 2) + i, T0 + (i / 2) * 1_000L, d("1.0" + i), d("0.1"),
                    i % 2 == 0 ? Side.BUY : Side.SELL));
        }
        result(store.insertTrades(id, trades));
        List<TimeRange> ranges = List.of(TimeRange.of(T0 + 20_000, T0 + 22_000), TimeRange.of(T0, T0 + 2_000));
        List<Trade> got;
        try (SqlStatements sql = SqlStatements.record()) {
            got = result(store.trades(id, ranges));
            assertThat(sql.statements()).hasSize(1);
        }
        List<Trade> expected = trades.stream().filter(t -> ranges.stream().anyMatch(r -> r.contains(t.time())))
                .sorted(java.util.Comparator.comparingLong(Trade::time).thenComparing(Trade::id)).toList();
        assertThat(expected).hasSize(8);
        assertThat(got).containsExactlyElementsOf(expected);
    }

    @Test
    void latestTickerAndBookAreTheNewest() {
        int id = newInstrument();
        assertThat(result(store.latestTicker(id))).isEmpty();
        assertThat(result(store.latestOrderBook(id))).isEmpty();
        List<Ticker> tickers = IntStream.range(0, 5).mapToObj(i -> new Ticker(T0 + i * 1_000L, d("1." + i),
                d("2"), d("1.5"), d("100"))).toList();
        result(store.insertTickers(id, tickers));
        assertThat(result(store.latestTicker(id))).contains(tickers.get(4));

        OrderBook older = new OrderBook(T0, 99, List.of(new PriceLevel(d("1"), d("1"))), List.of());
        OrderBook first = new OrderBook(T0 + 1, 5, List.of(new PriceLevel(d("1"), d("2"))), List.of());
        OrderBook newest = new OrderBook(T0 + 1, 6, List.of(new PriceLevel(d("3"), d("2")),
                new PriceLevel(d("2.5"), d("1"))), List.of(new PriceLevel(d("3.5"), d("1")),
                        new PriceLevel(d("4"), d("2"))));
        result(store.insertOrderBooks(id, List.of(older, newest, first)));
        assertThat(result(store.latestOrderBook(id))).contains(newest);
    }

    @Test
    void writesCreateTheMonthlyPartitionsTheyNeed() throws Exception {
        int id = newInstrument();
        long jan2019 = Instant.parse("2019-01-15T10:00:00Z").toEpochMilli();
        long mar2019 = Instant.parse("2019-03-31T23:59:00Z").toEpochMilli();
        assertThat(result(store.upsertCandles(id, List.of(candle(jan2019, "1.00", true),
                candle(mar2019, "2.00", true))))).isEqualTo(2);
        assertThat(partitions("candle_1m")).contains("candle_1m_p201901", "candle_1m_p201902", "candle_1m_p201903");
        assertThat(result(store.insertTrades(id, List.of(new Trade("x", jan2019, d("1"), d("1"), Side.BUY)))))
                .isEqualTo(1);
        assertThat(partitions("trade")).contains("trade_p201901");

        // Known months are not asked for again: the second write is the insert alone.
        try (SqlStatements sql = SqlStatements.record()) {
            result(store.upsertCandles(id, List.of(candle(jan2019 + MINUTE, "1.00", true))));
            assertThat(sql.statements()).noneMatch(s -> s.contains("marketcache_ensure_partitions"));
        }

        // An operator drops a month (retention): the next write recreates it instead of failing.
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE candle_1m_p201903");
        }
        assertThat(result(store.upsertCandles(id, List.of(candle(mar2019, "2.50", true))))).isEqualTo(1);
        assertThat(partitions("candle_1m")).contains("candle_1m_p201903");
    }

    @Test
    void callsWorkFromEventLoopsWorkersAndPlainThreadsAtOnce() throws Exception {
        int id = newInstrument();
        result(store.upsertCandles(id, List.of(candle(T0, "1.00", true))));
        List<TimeRange> range = List.of(TimeRange.of(T0, T0 + MINUTE));

        List<CompletableFuture<List<Candle>>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            CompletableFuture<List<Candle>> f = new CompletableFuture<>();
            if (i % 3 == 0) {
                // From an event loop, and a second call from the same context: they must not share a session.
                vertx.runOnContext(v -> {
                    Uni.combine().all().unis(store.candles(id, Timeframe.M1, range, T0 + MINUTE),
                            store.candles(id, Timeframe.M5, range, T0 + MINUTE)).asTuple()
                            .subscribe().with(t -> f.complete(t.getItem1()), f::completeExceptionally);
                });
            } else if (i % 3 == 1) {
                vertx.executeBlocking(() -> result(store.candles(id, Timeframe.M1, range, T0 + MINUTE)))
                        .onComplete(ar -> {
                            if (ar.succeeded()) {
                                f.complete(ar.result());
                            } else {
                                f.completeExceptionally(ar.cause());
                            }
                        });
            } else {
                POOL.submit(() -> f.complete(result(store.candles(id, Timeframe.M1, range, T0 + MINUTE))));
            }
            calls.add(f);
        }
        for (CompletableFuture<List<Candle>> f : calls) {
            assertThat(f.get(60, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    void badArgumentsFailBeforeAnySql() {
        int id = newInstrument();
        try (SqlStatements sql = SqlStatements.record()) {
            List<TimeRange> tooMany = IntStream.range(0, 513).mapToObj(i -> TimeRange.of(i * 10L, i * 10L + 1)).toList();
            assertThat(failure(store.candles(id, Timeframe.M1, tooMany, T0))).isInstanceOf(InvalidInputException.class)
                    .hasMessage("ranges must have at most 512 entries (marketcache.l3.max-ranges-per-query): 513");
            assertThat(failure(store.upsertCandles(id, List.of(candle(T0 + 1, "1.0", true)))))
                    .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("openTime must be aligned to 1m");
            assertThat(failure(store.latestTicker(0))).isInstanceOf(InvalidInputException.class)
                    .hasMessage("instrumentId must be positive: 0");
            assertThat(failure(store.trades(id, null))).isInstanceOf(InvalidInputException.class)
                    .hasMessage("ranges is required");
            assertThat(result(store.candles(id, Timeframe.M1, List.of(TimeRange.of(T0, T0)), T0))).isEmpty();
            assertThat(result(store.insertTrades(id, List.of()))).isZero();
            assertThat(sql.statements()).isEmpty();
        }
    }

    @Test
    void unknownInstrumentsHaveNoData() {
        assertThat(result(store.candles(999_999, Timeframe.H4, List.of(TimeRange.of(T0, T0 + 86_400_000L)), T0)))
                .isEmpty();
        assertThat(result(store.trades(999_999, List.of(TimeRange.of(T0, T0 + 1))))).isEmpty();
        assertThat(result(store.latestOrderBook(999_999))).isEqualTo(Optional.empty());
    }

    private List<String> partitions(String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT inhrelid::regclass::text FROM pg_inherits"
                        + " WHERE inhparent = '" + table + "'::regclass ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
