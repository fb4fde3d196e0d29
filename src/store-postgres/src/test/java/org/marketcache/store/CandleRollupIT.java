package org.marketcache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.marketcache.testkit.Await.result;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.testkit.MarketFixtures;
import org.marketcache.testkit.PostgresDatabase;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every timeframe read through {@code marketcache_candles} equals the rollup computed in Java from the same stored
 * 1-minute candles: three days of random-walk candles (crossing month boundaries would add nothing: the function does
 * not care about partitions), random single and multi-range queries, and a {@code now} inside the data so that
 * the closed rule is exercised on both sides.
 */
@QuarkusTest
@WithTestResource(PostgresDatabase.class)
class CandleRollupIT {
    /** 2026-03-02T05:17:42.123Z: three days back crosses a month end (Feb 27 - Mar 2). */
    private static final long NOW = 1_772_428_662_123L;
    private static final Instrument INSTRUMENT = Instrument.of("rollup", "BTC/USDT");

    @Inject
    MarketDataStore store;

    private int id;
    private List<Candle> minutes;

    @BeforeEach
    void load() {
        minutes = MarketFixtures.randomWalk(77, NOW, 3 * 1440 + 1);
        id = result(store.ensureInstrument(INSTRUMENT));
        result(store.upsertCandles(id, minutes));
    }

    @ParameterizedTest
    @EnumSource(Timeframe.class)
    void everyTimeframeMatchesTheJavaRollup(Timeframe timeframe) {
        long first = minutes.get(0).openTime();
        SplittableRandom random = new SplittableRandom(timeframe.ordinal());
        for (int round = 0; round < 25; round++) {
            List<TimeRange> ranges = new ArrayList<>();
            int count = 1 + random.nextInt(4);
            for (int i = 0; i < count; i++) {
                long from = first - 3_600_000L + random.nextLong(4 * 86_400_000L);
                long length = random.nextLong(round % 5 == 0 ? 3 * 86_400_000L : 6 * 3_600_000L);
                ranges.add(TimeRange.of(from, from + length));
            }
            // Half the rounds look at the data from inside it, so the last buckets are still open.
            long now = round % 2 == 0 ? NOW : first + random.nextLong(3 * 86_400_000L);
            List<Candle> got = result(store.candles(id, timeframe, ranges, now));
            List<Candle> expected = JavaRollup.of(minutes, timeframe, TimeRange.normalize(ranges), now);
            assertThat(got).as("%s %s now=%d", timeframe, ranges, now).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aWholeDayRollsUpAsExpectedAndOnlyTheLiveBucketIsOpen() {
        List<Candle> days = result(store.candles(id, Timeframe.D1, List.of(TimeRange.of(0, NOW + 1)), NOW));
        assertThat(days).hasSize(4); // a partial first day, two whole days, today
        assertThat(days).extracting(Candle::closed).containsExactly(true, true, true, false);
        assertThat(days).containsExactlyElementsOf(JavaRollup.of(minutes, Timeframe.D1,
                List.of(TimeRange.of(0, NOW + 1)), NOW));
        List<Candle> fourHours = result(store.candles(id, Timeframe.H4, List.of(TimeRange.of(NOW - 8 * 3_600_000L,
                NOW + 1)), NOW));
        assertThat(fourHours.get(fourHours.size() - 1).openTime()).isEqualTo(Timeframe.H4.align(NOW));
        assertThat(fourHours.get(fourHours.size() - 1).closed()).isFalse();
    }
}
