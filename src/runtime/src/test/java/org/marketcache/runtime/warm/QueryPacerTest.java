package org.marketcache.runtime.warm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class QueryPacerTest {
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final List<Long> delays = new ArrayList<>();
    final QueryPacer pacer = new QueryPacer(10, millis -> {
        delays.add(millis);
        return CompletableFuture.completedFuture(null);
    }, nanos::get);

    @Test
    void callsAtTheSameInstantAreSpacedByTheInterval() {
        for (int i = 0; i < 5; i++) {
            pacer.acquire();
        }
        assertThat(delays).containsExactly(100L, 200L, 300L, 400L);
    }

    @Test
    void aPauseIsNotCaughtUpWithABurst() {
        pacer.acquire();
        nanos.addAndGet(5_000_000_000L);
        pacer.acquire();
        pacer.acquire();
        assertThat(delays).as("after 5 s idle: the first goes at once, the next waits a full interval")
                .containsExactly(100L);
    }

    @Test
    void waitsAreRoundedUpSoTimersNeverFireEarly() {
        pacer.acquire();
        nanos.addAndGet(30_500_000L);
        pacer.acquire();
        assertThat(delays).containsExactly(70L);
    }

    @Test
    void aRateBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new QueryPacer(0, millis -> null));
        assertThat(e).hasMessageContaining("marketcache.warmup.max-queries-per-second must be at least 1: 0");
    }
}
