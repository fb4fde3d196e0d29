package org.marketcache.warm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The pacer with a hand-moved clock and timers that fire when the test says so. */
class QueryPacerTest {
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final List<Long> delays = new ArrayList<>();
    final List<CompletableFuture<Void>> timers = new ArrayList<>();
    final QueryPacer pacer = new QueryPacer(10, millis -> {
        delays.add(millis);
        CompletableFuture<Void> t = new CompletableFuture<>();
        timers.add(t);
        return t;
    }, nanos::get);

    /** Moves the clock and fires the oldest pending timer. */
    void fireAfter(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
        timers.remove(0).complete(null);
    }

    @Test
    void theFirstGoesAtOnceTheOthersOneIntervalApartInCallOrder() {
        List<CompletionStage<Void>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(pacer.acquire());
        }
        assertThat(calls.get(0).toCompletableFuture()).isDone();
        assertThat(calls.get(1).toCompletableFuture()).isNotDone();
        assertThat(delays).containsExactly(100L);
        fireAfter(100);
        assertThat(calls.get(1).toCompletableFuture()).isDone();
        assertThat(calls.get(2).toCompletableFuture()).isNotDone();
        fireAfter(100);
        fireAfter(100);
        assertThat(calls).allMatch(c -> c.toCompletableFuture().isDone());
        assertThat(delays).containsExactly(100L, 100L, 100L);
        assertThat(timers).as("no timer left once nobody waits").isEmpty();
    }

    @Test
    void aLateTimerPushesTheNextOnesBackInsteadOfBunchingThem() {
        pacer.acquire();
        CompletionStage<Void> second = pacer.acquire();
        CompletionStage<Void> third = pacer.acquire();
        fireAfter(350);
        assertThat(second.toCompletableFuture()).isDone();
        assertThat(third.toCompletableFuture()).as("still a full interval after the late one").isNotDone();
        assertThat(delays).containsExactly(100L, 100L);
    }

    @Test
    void aPauseIsNotCaughtUpWithABurst() {
        pacer.acquire();
        nanos.addAndGet(5_000_000_000L);
        assertThat(pacer.acquire().toCompletableFuture()).as("after 5 s idle the next goes at once").isDone();
        assertThat(pacer.acquire().toCompletableFuture()).as("and the one after waits").isNotDone();
        assertThat(delays).containsExactly(100L);
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
