package org.marketcache.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.marketcache.core.InvalidInputException;

import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class TimeRangeTest {

    @Test
    void rejectsReversedRangesNamingTheField() {
        assertThatThrownBy(() -> TimeRange.of(2_000, 1_000))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("to must not be before from: from 2000, to 1000")
                .extracting(e -> ((InvalidInputException) e).field()).isEqualTo("to");
    }

    @Test
    void mergesOverlappingAndTouchingRangesAndDropsEmptyOnes() {
        List<TimeRange> merged = TimeRange.normalize(List.of(TimeRange.of(50, 60), TimeRange.of(0, 10),
                TimeRange.of(10, 20), TimeRange.of(30, 30), TimeRange.of(15, 25), TimeRange.of(55, 58)));
        assertThat(merged).containsExactly(TimeRange.of(0, 25), TimeRange.of(50, 60));
    }

    static LongStream seeds() {
        return LongStream.range(0, 500);
    }

    /** Randomised: up to 8 ranges starting in 0..200 and 0..40 long; the seed names the failing case. */
    @ParameterizedTest
    @MethodSource("seeds")
    void normalizeCoversExactlyTheSameInstants(long seed) {
        Random random = new Random(seed);
        List<TimeRange> ranges = new ArrayList<>();
        int n = random.nextInt(9);
        for (int i = 0; i < n; i++) {
            long start = random.nextInt(201);
            ranges.add(TimeRange.of(start, start + random.nextInt(41)));
        }
        List<TimeRange> merged = TimeRange.normalize(ranges);
        for (long t = 0; t < 260; t++) {
            long instant = t;
            boolean before = ranges.stream().anyMatch(r -> r.contains(instant));
            long after = merged.stream().filter(r -> r.contains(instant)).count();
            assertThat(after).isEqualTo(before ? 1 : 0);
        }
        for (int i = 1; i < merged.size(); i++) {
            assertThat(merged.get(i).fromInclusive()).isGreaterThan(merged.get(i - 1).toExclusive());
        }
    }
}
