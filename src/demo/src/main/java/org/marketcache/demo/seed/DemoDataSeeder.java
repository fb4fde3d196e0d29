package org.marketcache.demo.seed;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;
import org.marketcache.core.TimeSource;
import org.marketcache.core.config.ConfigProblems;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.PriceLevel;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.Trade;
import org.marketcache.demo.DemoMarket;
import org.marketcache.demo.DemoSeries;
import org.marketcache.demo.DemoSpec;
import org.marketcache.store.L3StartupCheck;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.runtime.StartupEvent;

/**
 * Loads the demo market ({@link DemoMarket}) into an empty database at start-up when {@code marketcache.demo.seed}
 * is true.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Once.</b> Everything happens in one JDBC transaction that first takes an advisory lock and checks that
 *       {@code instrument} is empty: pods starting together load the data once, a restarted pod never twice,
 *       and a failed load leaves nothing behind.</li>
 *   <li><b>Fast.</b> Rows go in with {@code COPY ... FROM STDIN} through pgjdbc's copy API, two streams per
 *       instrument (candles, trades) and one each for all tickers and books; monthly partitions are created first.
 *       The default demo (30 instruments × 7 days of candles) loads in seconds; then the tables are analysed so
 *       the planner knows their new size.</li>
 *   <li><b>Blocking on purpose.</b> It runs on the start-up thread through the JDBC (Agroal) datasource, before the
 *       application serves traffic; the reactive pool is not involved.</li>
 * </ul>
 */
@Singleton
public class DemoDataSeeder {
    private static final Logger LOG = Logger.getLogger(DemoDataSeeder.class);
    private static final List<String> TABLES = List.of("candle_1m", "trade", "ticker", "order_book");

    private final DemoConfig config;
    private final InjectableInstance<AgroalDataSource> dataSources;
    private final TimeSource time = TimeSource.SYSTEM;
    private volatile SeedReport lastReport;

    public DemoDataSeeder(DemoConfig config, InjectableInstance<AgroalDataSource> dataSources) {
        this.config = config;
        this.dataSources = dataSources;
    }

    /** What a seeding attempt did. */
    public record SeedReport(boolean loaded, DemoSpec spec, int instruments, long candles, long trades,
            long tickers, long orderBooks, Duration took) {
    }

    void onStart(@Observes @Priority(L3StartupCheck.PRIORITY + 10) StartupEvent event) {
        ConfigProblems.requireNone(new DemoConfigCheck(config).problems());
        if (config.seed()) {
            seedIfEmpty();
        }
    }

    /** The outcome of the last seeding attempt in this process, or null if none ran. */
    public SeedReport lastReport() {
        return lastReport;
    }

    /** Loads the configured demo market ending now, unless the database already holds instruments. */
    public SeedReport seedIfEmpty() {
        return seedIfEmpty(DemoConfig.spec(config, time.currentTimeMillis()));
    }

    public SeedReport seedIfEmpty(DemoSpec spec) {
        long started = System.nanoTime();
        List<AgroalDataSource> active = dataSources.listActive();
        if (active.isEmpty()) {
            throw new IllegalStateException("marketcache.demo.seed=true needs the JDBC datasource: set"
                    + " quarkus.datasource.jdbc.url (the seeder loads with COPY over JDBC)");
        }
        try (Connection connection = active.get(0).getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                SeedReport report = load(connection, spec, started);
                connection.commit();
                if (report.loaded()) {
                    analyze(connection);
                    report = new SeedReport(true, spec, report.instruments(), report.candles(), report.trades(),
                            report.tickers(), report.orderBooks(), elapsed(started));
                    LOG.infof("Demo data loaded in %d ms: %d instruments, %,d candles, %,d trades, %d tickers, %d order"
                            + " books (%d exchanges × %d symbols × %d days, %d h of trades, seed %d)",
                            report.took().toMillis(), report.instruments(), report.candles(), report.trades(),
                            report.tickers(), report.orderBooks(), spec.exchanges().size(), spec.symbols(),
                            spec.days(), spec.tradeHours(), spec.seed());
                } else {
                    LOG.info("marketcache.demo.seed=true but the instrument table is not empty: demo data not loaded");
                }
                lastReport = report;
                return report;
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("demo/l3 load failed after " + elapsed(started).toMillis() + "ms: "
                    + e.getMessage(), e);
        }
    }

    private SeedReport load(Connection connection, DemoSpec spec, long started) throws SQLException, IOException {
        try (Statement st = connection.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(hashtext('marketcache_demo_seed'))");
            try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM instrument)")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return new SeedReport(false, spec, 0, 0, 0, 0, 0, elapsed(started));
                }
            }
        }
        ensurePartitions(connection, spec);
        DemoMarket market = DemoMarket.of(spec);
        List<Instrument> instruments = market.instruments();
        int[] ids = insertInstruments(connection, instruments);
        CopyWriter tickers = new CopyWriter();
        CopyWriter books = new CopyWriter();
        long candles = 0;
        long trades = 0;
        PGConnection pg = connection.unwrap(PGConnection.class);
        for (int i = 0; i < instruments.size(); i++) {
            DemoSeries series = market.series(instruments.get(i));
            String id = Integer.toString(ids[i]);
            candles += copy(pg, "COPY candle_1m (instrument_id, open_time, open, high, low, close, volume, closed)"
                    + " FROM STDIN", out -> writeCandles(out, id, series.candles()));
            trades += copy(pg, "COPY trade (instrument_id, time, trade_id, price, amount, side) FROM STDIN",
                    out -> writeTrades(out, id, series.trades()));
            writeTicker(tickers.builder, id, series.ticker());
            writeBook(books.builder, id, series.orderBook());
        }
        long tickerRows = copy(pg, "COPY ticker (instrument_id, time, bid, ask, last, volume_24h) FROM STDIN",
                out -> out.write(tickers.builder.toString()));
        long bookRows = copy(pg, "COPY order_book (instrument_id, time, sequence, bid_prices, bid_amounts,"
                + " ask_prices, ask_amounts) FROM STDIN", out -> out.write(books.builder.toString()));
        return new SeedReport(true, spec, instruments.size(), candles, trades, tickerRows, bookRows, elapsed(started));
    }

    private static void ensurePartitions(Connection connection, DemoSpec spec) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT marketcache_ensure_partitions(cast(? AS regclass), ?::timestamptz, ?::timestamptz)")) {
            for (String table : TABLES) {
                ps.setString(1, table);
                ps.setString(2, Instant.ofEpochMilli(spec.firstOpenTime()).toString());
                ps.setString(3, Instant.ofEpochMilli(spec.nowMillis()).toString());
                ps.executeQuery().close();
            }
        }
    }

    private static int[] insertInstruments(Connection connection, List<Instrument> instruments) throws SQLException {
        int[] ids = new int[instruments.size()];
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO instrument (exchange, base, quote) VALUES (?, ?, ?) RETURNING id")) {
            for (int i = 0; i < instruments.size(); i++) {
                Instrument instrument = instruments.get(i);
                ps.setString(1, instrument.exchange().id());
                ps.setString(2, instrument.symbol().base());
                ps.setString(3, instrument.symbol().quote());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    ids[i] = rs.getInt(1);
                }
            }
        }
        return ids;
    }

    private interface RowWriter {
        void write(Writer out) throws IOException;
    }

    private static final class CopyWriter {
        final StringBuilder builder = new StringBuilder();
    }

    private static long copy(PGConnection pg, String sql, RowWriter rows) throws SQLException, IOException {
        PGCopyOutputStream stream = new PGCopyOutputStream(pg, sql, 1 << 16);
        try {
            Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            rows.write(out);
            out.flush();
            return stream.endCopy();
        } catch (IOException | SQLException | RuntimeException e) {
            if (stream.isActive()) {
                stream.cancelCopy();
            }
            throw e;
        }
    }

    // COPY text format: tab-separated, one row per line. None of these values can contain a tab, newline or
    // backslash (ids and numbers are validated domain values), so no escaping is needed.

    private static void writeCandles(Writer out, String id, List<Candle> candles) throws IOException {
        StringBuilder row = new StringBuilder(128);
        for (Candle c : candles) {
            row.setLength(0);
            row.append(id).append('\t').append(Instant.ofEpochMilli(c.openTime())).append('\t')
                    .append(c.open().toPlainString()).append('\t').append(c.high().toPlainString()).append('\t')
                    .append(c.low().toPlainString()).append('\t').append(c.close().toPlainString()).append('\t')
                    .append(c.volume().toPlainString()).append('\t').append(c.closed() ? 't' : 'f').append('\n');
            out.append(row);
        }
    }

    private static void writeTrades(Writer out, String id, List<Trade> trades) throws IOException {
        StringBuilder row = new StringBuilder(96);
        for (Trade t : trades) {
            row.setLength(0);
            row.append(id).append('\t').append(Instant.ofEpochMilli(t.time())).append('\t').append(t.id())
                    .append('\t').append(t.price().toPlainString()).append('\t').append(t.amount().toPlainString())
                    .append('\t').append(t.side().label()).append('\n');
            out.append(row);
        }
    }

    private static void writeTicker(StringBuilder out, String id, Ticker t) {
        out.append(id).append('\t').append(Instant.ofEpochMilli(t.time())).append('\t')
                .append(t.bid().toPlainString()).append('\t').append(t.ask().toPlainString()).append('\t')
                .append(t.last().toPlainString()).append('\t').append(t.volume24h().toPlainString()).append('\n');
    }

    private static void writeBook(StringBuilder out, String id, OrderBook b) {
        out.append(id).append('\t').append(Instant.ofEpochMilli(b.time())).append('\t').append(b.sequence());
        for (List<PriceLevel> side : List.of(b.bids(), b.asks())) {
            for (boolean prices : new boolean[] {true, false}) {
                out.append('\t').append('{');
                for (int i = 0; i < side.size(); i++) {
                    BigDecimal v = prices ? side.get(i).price() : side.get(i).amount();
                    out.append(i == 0 ? "" : ",").append(v.toPlainString());
                }
                out.append('}');
            }
        }
        out.append('\n');
    }

    private static void analyze(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            st.execute("ANALYZE instrument, " + String.join(", ", TABLES));
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
