package org.marketcache.runtime.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StreamEntryTest {

    static LongStream seeds() {
        return LongStream.range(0, 100);
    }

    /** Ids order by time, then sequence, as numbers (a string comparison would put 10-0 before 9-0). */
    @ParameterizedTest
    @MethodSource("seeds")
    void idsOrderAsRedisOrdersThem(long seed) {
        Random random = new Random(seed);
        long ms = Math.abs(random.nextLong() % 10_000_000_000_000L);
        long seq = random.nextInt(1000);
        String id = ms + "-" + seq;

        assertThat(StreamEntry.compareIds(id, id)).isZero();
        assertThat(StreamEntry.compareIds(id, ms + "-" + (seq + 1 + random.nextInt(1000)))).isNegative();
        assertThat(StreamEntry.compareIds((ms + 1 + random.nextInt(1000)) + "-0", id)).isPositive();
        assertThat(StreamEntry.compareIds("10-0", "9-5")).isPositive();
    }

    @Test
    void knowsWhenRedisAddedIt() {
        assertThat(new StreamEntry("1765152000123-4", Map.of()).addedAtMillis()).isEqualTo(1765152000123L);
    }

    @Test
    void refusesAnIdThatIsNotAStreamId() {
        assertThatThrownBy(() -> new StreamEntry("$", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<ms>-<seq>: $");
    }
}
