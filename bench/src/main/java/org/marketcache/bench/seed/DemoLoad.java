package org.marketcache.bench.seed;

import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Exchange;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.PriceLevel;
import org.marketcache.marketdata.Trade;
import org.marketcache.demo.DemoMarket;
import org.marketcache.demo.DemoSeries;
import org.marketcache.demo.DemoSpec;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Loads the demo market into a migrated, empty benchmark database: the same generator ({@link DemoMarket}) and the
 * same tables as the read function's own seeder ({@code marketcache.demo.seed=true}), which {@code run-comparison.sh}
 * tries first. This loader is the fallback for a runtime whose seeder fails (on {@code main} at the time of writing
 * it stops with a NullPointerException after its COPY; see docs/performance.md), so the benchmark does not depend on
 * that fix.
 *
 * <pre>
 * java -cp bench/target/classes:$(cat bench/target/bench.classpath) org.marketcache.bench.seed.DemoLoad \
 *     --jdbc jdbc:postgresql://127.0.0.1:5432/mcbench --symbols 50 --days 7 --trade-hours 2
 * </pre>
 */
public final class DemoLoad {
    private DemoLoad() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        DemoSpec spec = new DemoSpec(Arrays.stream(a.getOrDefault("exchanges", "binance,okx,huobi").split(","))
                .map(Exchange::of).toList(), Integer.parseInt(a.getOrDefault("symbols", "50")),
                Integer.parseInt(a.getOrDefault("days", "7")), Integer.parseInt(a.getOrDefault("trade-hours", "2")),
                Long.parseLong(a.getOrDefault("seed", "42")), System.currentTimeMillis());
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(a.getOrDefault("jdbc",
                "jdbc:postgresql://127.0.0.1:5432/mcbench"), "postgres", "")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT EXISTS (SELECT 1 FROM instrument)")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    System.out.println("demo load: instrument table not empty, nothing loaded");
                    return;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT marketcache_ensure_partitions(cast(? AS regclass), ?::timestamptz, ?::timestamptz)")) {
                for (String table : List.of("candle_1m", "trade", "ticker", "order_book")) {
                    ps.setString(1, table);
                    ps.setString(2, Instant.ofEpochMilli(spec.firstOpenTime()).toString());
                    ps.setString(3, Instant.ofEpochMilli(spec.nowMillis()).toString());
                    ps.executeQuery().close();
                }
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            DemoMarket market = DemoMarket.of(spec);
            StringBuilder tickers = new StringBuilder();
            StringBuilder books = new StringBuilder();
            long candles = 0;
            long trades = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO instrument (exchange, base, quote) VALUES (?, ?, ?) RETURNING id")) {
                for (Instrument in : market.instruments()) {
                    ps.setString(1, in.exchange().id());
                    ps.setString(2, in.symbol().base());
                    ps.setString(3, in.symbol().quote());
                    String id;
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        id = Integer.toString(rs.getInt(1));
                    }
                    DemoSeries s = market.series(in);
                    StringBuilder rows = new StringBuilder(s.candles().size() * 96);
                    for (Candle k : s.candles()) {
                        rows.append(id).append('\t').append(Instant.ofEpochMilli(k.openTime())).append('\t')
                                .append(k.open().toPlainString()).append('\t').append(k.high().toPlainString())
                                .append('\t').append(k.low().toPlainString()).append('\t')
                                .append(k.close().toPlainString()).append('\t').append(k.volume().toPlainString())
                                .append('\t').append(k.closed() ? 't' : 'f').append('\n');
                    }
                    candles += copy.copyIn("COPY candle_1m (instrument_id, open_time, open, high, low, close, volume,"
                            + " closed) FROM STDIN", new StringReader(rows.toString()));
                    rows.setLength(0);
                    for (Trade t : s.trades()) {
                        rows.append(id).append('\t').append(Instant.ofEpochMilli(t.time())).append('\t').append(t.id())
                                .append('\t').append(t.price().toPlainString()).append('\t')
                                .append(t.amount().toPlainString()).append('\t').append(t.side().label()).append('\n');
                    }
                    trades += copy.copyIn("COPY trade (instrument_id, time, trade_id, price, amount, side) FROM STDIN",
                            new StringReader(rows.toString()));
                    var t = s.ticker();
                    tickers.append(id).append('\t').append(Instant.ofEpochMilli(t.time())).append('\t')
                            .append(t.bid().toPlainString()).append('\t').append(t.ask().toPlainString()).append('\t')
                            .append(t.last().toPlainString()).append('\t').append(t.volume24h().toPlainString())
                            .append('\n');
                    OrderBook b = s.orderBook();
                    books.append(id).append('\t').append(Instant.ofEpochMilli(b.time())).append('\t')
                            .append(b.sequence());
                    for (List<PriceLevel> side : List.of(b.bids(), b.asks())) {
                        for (boolean prices : new boolean[] {true, false}) {
                            books.append('\t').append('{');
                            for (int i = 0; i < side.size(); i++) {
                                BigDecimal v = prices ? side.get(i).price() : side.get(i).amount();
                                books.append(i == 0 ? "" : ",").append(v.toPlainString());
                            }
                            books.append('}');
                        }
                    }
                    books.append('\n');
                }
            }
            copy.copyIn("COPY ticker (instrument_id, time, bid, ask, last, volume_24h) FROM STDIN",
                    new StringReader(tickers.toString()));
            copy.copyIn("COPY order_book (instrument_id, time, sequence, bid_prices, bid_amounts, ask_prices,"
                    + " ask_amounts) FROM STDIN", new StringReader(books.toString()));
            c.commit();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("ANALYZE instrument, candle_1m, trade, ticker, order_book");
            }
            System.out.printf("demo load: %d instruments, %,d candles, %,d trades in %d ms%n",
                    market.instruments().size(), candles, trades, (System.nanoTime() - started) / 1_000_000);
        }
    }
}
