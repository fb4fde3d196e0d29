package org.marketcache.warm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.marketcache.core.tier.CacheKey;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class FrequentItemsSamplerTest {

    static CacheKey key(int i) {
        return new CacheKey("tickers", "binance:S" + i + "-USDT", "mc:v1:tickers:{binance:S" + i + "-USDT}");
    }

    @Test
    void everyRequestSampledGivesExactCountsHottestFirst() {
        FrequentItemsSampler s = new FrequentItemsSampler(1, 64, new SimpleMeterRegistry());
        for (int i = 0; i < 5; i++) {
            for (int n = 0; n < (5 - i) * 10; n++) {
                s.record(key(i));
            }
        }
        List<HotKey> top = s.drain(3);
        assertThat(top).extracting(HotKey::id).containsExactly(key(0).id(), key(1).id(), key(2).id());
        assertThat(top).extracting(HotKey::score).containsExactly(50.0, 40.0, 30.0);
        assertThat(s.drain(3)).as("a drain starts a new interval").isEmpty();
    }

    @Test
    void aRangeRequestCountsEachOfItsChunks() {
        FrequentItemsSampler s = new FrequentItemsSampler(1, 64, new SimpleMeterRegistry());
        s.record(List.of(key(1), key(2)));
        s.record(List.of(key(1)));
        assertThat(s.drain(10)).extracting(HotKey::id, HotKey::score)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(key(1).id(), 2.0),
                        org.assertj.core.groups.Tuple.tuple(key(2).id(), 1.0));
    }

    /** Seeded Zipf-like traffic over many more keys than the sketch holds: the heavy hitters still come out on top. */
    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42})
    void heavyHittersSurviveAFloodOfColdKeysInBoundedMemory(long seed) {
        FrequentItemsSampler s = new FrequentItemsSampler(1, 64, new SimpleMeterRegistry());
        SplittableRandom random = new SplittableRandom(seed);
        List<CacheKey> cold = new ArrayList<>();
        for (int i = 100; i < 20_100; i++) {
            cold.add(key(i));
        }
        for (int n = 0; n < 60_000; n++) {
            double u = random.nextDouble();
            s.record(u < 0.30 ? key(0) : u < 0.45 ? key(1) : u < 0.55 ? key(2) : cold.get(random.nextInt(cold.size())));
        }
        List<HotKey> top = s.drain(3);
        assertThat(top).extracting(HotKey::id).containsExactly(key(0).id(), key(1).id(), key(2).id());
        assertThat(top.get(0).score()).isBetween(0.30 * 60_000 * 0.9, 0.30 * 60_000 * 1.2);
    }

    @Test
    void samplingScalesCountsBackToEstimatedRequests() {
        FrequentItemsSampler s = new FrequentItemsSampler(8, 64, new SimpleMeterRegistry());
        for (int n = 0; n < 80_000; n++) {
            s.record(key(0));
        }
        HotKey h = s.drain(1).get(0);
        assertThat(h.score()).as("1 in 8 sampled, scaled by 8").isBetween(72_000.0, 88_000.0);
    }

    @Test
    void samplingOffRecordsNothing() {
        FrequentItemsSampler s = new FrequentItemsSampler(0, 64, new SimpleMeterRegistry());
        s.record(key(0));
        s.record(List.of(key(1)));
        assertThat(s.drain(10)).isEmpty();
    }
}
