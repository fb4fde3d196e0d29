package org.marketcache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.marketcache.testkit.Await.failure;
import static org.marketcache.testkit.Await.result;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.marketcache.core.tier.TierUnavailableException;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.testkit.PostgresDatabase;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With the query pool pointed at a closed port, every call fails fast as L3_UNAVAILABLE naming the operation. */
@QuarkusTest
@TestProfile(DatabaseDownIT.Unreachable.class)
class DatabaseDownIT {

    public static class Unreachable implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresDatabase.class,
                    Map.of("database", "marketcache_it_down", "reactive", "unreachable")));
        }
    }

    @Inject
    MarketDataStore store;

    @Test
    void everyOperationFailsAsUnavailableWithItsName() {
        assertUnavailable(failure(store.candles(1, Timeframe.M1, List.of(TimeRange.of(0, 60_000)), 60_000)),
                "candles");
        assertUnavailable(failure(store.instruments()), "instruments");
        assertUnavailable(failure(store.ensureInstrument(Instrument.of("binance", "BTC/USDT"))), "ensure-instrument");
        assertUnavailable(failure(store.latestOrderBook(1)), "latest-order-book");
        // Nothing to write needs no connection, so it does not fail either.
        assertThat(result(store.upsertCandles(1, List.of()))).isZero();
    }

    private static void assertUnavailable(Throwable t, String operation) {
        assertThat(t).isInstanceOf(TierUnavailableException.class)
                .hasMessageStartingWith(operation + "/l3 unavailable after ")
                .hasMessageContaining("database unreachable")
                .message().doesNotContain("\tat ").doesNotContain("\n");
        assertThat(((TierUnavailableException) t).code()).isEqualTo("L3_UNAVAILABLE");
    }
}
