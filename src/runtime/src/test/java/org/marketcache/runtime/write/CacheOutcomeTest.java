package org.marketcache.runtime.write;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CacheOutcomeTest {

    @Test
    void sumsCountsAndKeepsTheLaterEventWhateverTheOrder() {
        CacheOutcome a = new CacheOutcome(1, 2, 3, "1700000000000-9");
        CacheOutcome b = new CacheOutcome(10, 20, 30, "1700000000001-0");
        assertThat(a.plus(b)).isEqualTo(new CacheOutcome(11, 22, 33, "1700000000001-0"));
        assertThat(b.plus(a)).isEqualTo(new CacheOutcome(11, 22, 33, "1700000000001-0"));
    }

    @Test
    void comparesSequencesNumericallyWithinOneMillisecond() {
        assertThat(CacheOutcome.later("5-10", "5-9")).isEqualTo("5-10");
        assertThat(CacheOutcome.later("5-9", "5-10")).isEqualTo("5-10");
        assertThat(CacheOutcome.later("99-0", "100-0")).isEqualTo("100-0");
    }

    @Test
    void anEventBeatsNone() {
        assertThat(CacheOutcome.later(null, "5-1")).isEqualTo("5-1");
        assertThat(CacheOutcome.later("5-1", null)).isEqualTo("5-1");
        assertThat(CacheOutcome.NONE.plus(CacheOutcome.NONE).eventId()).isNull();
    }
}
