package org.marketcache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.marketcache.testkit.Await.failure;
import static org.marketcache.testkit.Await.result;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.marketcache.core.tier.TierTimeoutException;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.testkit.PostgresDatabase;
import org.marketcache.testkit.TestDatabase;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A query that cannot get its lock fails at the L3 deadline with the operation, elapsed time and budget. */
@QuarkusTest
@WithTestResource(PostgresDatabase.class)
class QueryTimeoutIT {
    private static final long T0 = 1_773_489_600_000L;

    @Inject
    MarketDataStore store;

    @Inject
    L3Config config;

    @Test
    void aLockedTableTimesOutWithTheL3MessageAndTheStoreRecovers() throws Exception {
        int id = result(store.ensureInstrument(Instrument.of("locks", "LOCK/USDT")));
        Ticker ticker = new Ticker(T0, new BigDecimal("1.0"), new BigDecimal("1.1"), new BigDecimal("1.05"),
                BigDecimal.TEN);
        result(store.insertTickers(id, List.of(ticker)));
        long budget = config.queryTimeout().toMillis();

        try (Connection locker = TestDatabase.existing(PostgresDatabase.DEFAULT).connect()) {
            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                st.execute("LOCK TABLE ticker, candle_1m IN ACCESS EXCLUSIVE MODE");
            }
            long started = System.nanoTime();
            Throwable t = failure(store.latestTicker(id));
            long elapsed = (System.nanoTime() - started) / 1_000_000;
            assertThat(t).isInstanceOf(TierTimeoutException.class)
                    .hasMessageMatching("latest-ticker/l3 timed out after \\d+ms \\(budget " + budget + "ms\\)")
                    .hasNoCause();
            assertThat(((TierTimeoutException) t).code()).isEqualTo("L3_TIMEOUT");
            assertThat(elapsed).isBetween(budget, budget + 1_500);

            assertThat(failure(store.candles(id, Timeframe.H1, List.of(TimeRange.of(T0, T0 + 3_600_000)), T0)))
                    .isInstanceOf(TierTimeoutException.class).hasMessageStartingWith("candles/l3 timed out after");
            locker.rollback();
        }
        // The abandoned statements finish once the lock is gone and give their connections back.
        for (int i = 0; i < 30; i++) {
            assertThat(result(store.latestTicker(id))).contains(ticker);
        }
    }
}
