package org.marketcache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.marketcache.testkit.PostgresDatabase;
import org.marketcache.testkit.TestDatabase;
import org.marketcache.testkit.TestServices;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The migrations on this server (no TimescaleDB): the partitioned layout and its SQL functions. */
@QuarkusTest
@WithTestResource(PostgresDatabase.class)
class MigrationsIT {
    @Inject
    AgroalDataSource dataSource;

    @Inject
    L3StartupCheck startup;

    @Test
    void autoChoosesThePartitionedLayoutWhereTimescaleIsNotAvailable() throws Exception {
        assertThat(rows("SELECT marketcache_layout(), requested, reason FROM marketcache_storage"))
                .containsExactly("partitioned|auto|timescaledb extension not available");
        assertThat(rows("SELECT count(*) FROM pg_available_extensions WHERE name = 'timescaledb'"))
                .containsExactly("0");
        assertThat(startup.layout()).isEqualTo("partitioned");
        assertThat(rows("SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY"
                + " installed_rank")).containsExactly("1|t", "2|t", "3|t", "4|t", "5|t", "6|t");
    }

    @Test
    void theSeriesTablesArePartitionedByRangeOnTheirTimeColumn() throws Exception {
        assertThat(rows("SELECT c.relname, pg_get_partkeydef(c.oid) FROM pg_partitioned_table p"
                + " JOIN pg_class c ON c.oid = p.partrelid ORDER BY 1")).containsExactly(
                        "candle_1m|RANGE (open_time)", "order_book|RANGE (\"time\")", "ticker|RANGE (\"time\")",
                        "trade|RANGE (\"time\")");
        // Primary keys lead with (instrument_id, time): they serve every read, so there is no other index.
        assertThat(rows("SELECT tablename, indexdef FROM pg_indexes WHERE tablename IN"
                + " ('candle_1m', 'trade', 'ticker', 'order_book') ORDER BY 1")).containsExactly(
                        "candle_1m|CREATE UNIQUE INDEX candle_1m_pkey ON ONLY public.candle_1m USING btree"
                                + " (instrument_id, open_time)",
                        "order_book|CREATE UNIQUE INDEX order_book_pkey ON ONLY public.order_book USING btree"
                                + " (instrument_id, \"time\", sequence)",
                        "ticker|CREATE UNIQUE INDEX ticker_pkey ON ONLY public.ticker USING btree (instrument_id,"
                                + " \"time\")",
                        "trade|CREATE UNIQUE INDEX trade_pkey ON ONLY public.trade USING btree (instrument_id,"
                                + " \"time\", trade_id)");
        // Prices are numeric without a typmod, so any scale is kept.
        assertThat(rows("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'candle_1m'"
                + "::regclass AND attname IN ('open', 'volume')")).containsOnly("numeric");
    }

    @Test
    void ensurePartitionsCreatesUtcMonthsOnceWhateverTheSessionTimeZone() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("SET TimeZone = 'America/New_York'");
            assertThat(single(st, "SELECT marketcache_ensure_partitions('ticker', '2020-01-31 23:00+00',"
                    + " '2020-03-01 00:00+00')")).isEqualTo("3");
            assertThat(single(st, "SELECT marketcache_ensure_partitions('ticker', '2020-01-01 00:00+00',"
                    + " '2020-03-31 23:59+00')")).isEqualTo("0");
            st.execute("SET TimeZone = 'UTC'");
            assertThat(single(st, "SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname ="
                    + " 'ticker_p202002'")).isEqualTo(
                            "FOR VALUES FROM ('2020-02-01 00:00:00+00') TO ('2020-03-01 00:00:00+00')");
            assertThatThrownBy(() -> single(st, "SELECT marketcache_ensure_partitions('instrument', now(), now())"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("instrument is not a partitioned table");
            assertThatThrownBy(() -> single(st, "SELECT marketcache_ensure_partitions('trade', now(),"
                    + " now() - interval '1 day')")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("need from_time <= to_time");
            assertThatThrownBy(() -> single(st, "SELECT * FROM marketcache_candles(1, '2h', now(), now(), now())"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("timeframe must be one of 1m, 5m, 15m, 1h, 4h, 1d: '2h'");
        }
    }

    @Test
    void thePlaceholderForcesOrForbidsTimescale() throws Exception {
        assertThatThrownBy(() -> migrate("marketcache_it_flyway_on", "on")).isInstanceOf(FlywayException.class)
                .hasMessageContaining("marketcache.l3.timescale=on but the timescaledb extension is not available"
                        + " (pg_available_extensions); install TimescaleDB");
        assertThatThrownBy(() -> migrate("marketcache_it_flyway_bad", "sometimes"))
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("marketcache.l3.timescale must be auto, on or off: 'sometimes'");
        migrate("marketcache_it_flyway_off", "OFF");
        try (Connection c = TestDatabase.existing("marketcache_it_flyway_off").connect(); Statement st = c.createStatement()) {
            assertThat(single(st, "SELECT layout || '|' || reason FROM marketcache_storage"))
                    .isEqualTo("partitioned|disabled by marketcache.l3.timescale=off");
        }
    }

    private static void migrate(String database, String timescale) {
        TestDatabase db = TestDatabase.recreate(database);
        Flyway.configure()
                .dataSource(db.jdbcUrl(), TestServices.dbUser(), TestServices.dbPassword())
                .locations("filesystem:target/classes/db/migration")
                .placeholders(Map.of(L3FlywayCustomizer.PLACEHOLDER, timescale))
                .load().migrate();
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    private static String single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
