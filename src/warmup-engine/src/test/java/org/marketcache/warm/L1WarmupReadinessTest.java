package org.marketcache.warm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.marketcache.warm.StartupL1Warmer.Phase;
import org.marketcache.warm.StartupL1Warmer.State;

class L1WarmupReadinessTest {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final long START = 5_000_000_000L;

    static HealthCheckResponse at(State s, long millisAfterStart) {
        return L1WarmupReadiness.evaluate(s, TIMEOUT, START + millisAfterStart * 1_000_000L);
    }

    @Test
    void warmingWithinTheLimitIsNotReady() {
        HealthCheckResponse r = at(new State(Phase.WARMING, START, 0, 100, 40, null), 9_999);
        assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(r.getData().get()).containsEntry("warm", false).containsEntry("loadedKeys", 40L);
    }

    @Test
    void warmingPastTheLimitIsReadyAndSaysItIsNotWarm() {
        HealthCheckResponse r = at(new State(Phase.WARMING, START, 0, 100, 40, null), 10_000);
        assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(r.getData().get()).containsEntry("warm", false);
        assertThat((String) r.getData().get().get("reason")).contains("not warm within 10000ms")
                .contains("40 of 100 keys");
    }

    @Test
    void warmIsReady() {
        HealthCheckResponse r = at(new State(Phase.WARM, START, 12, 100, 97, null), 20_000);
        assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(r.getData().get()).containsEntry("warm", true).containsEntry("withinTimeout", true)
                .containsEntry("loadedKeys", 97L);
    }

    @Test
    void aFailedWarmIsReadyAndSaysWhy() {
        HealthCheckResponse r = at(new State(Phase.FAILED, START, 100, 0, 0, "hot-keys/l2 top timed out"), 100);
        assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(r.getData().get()).containsEntry("warm", false);
        assertThat((String) r.getData().get().get("reason")).contains("hot-keys/l2 top timed out");
    }

    @Test
    void disabledIsReady() {
        HealthCheckResponse r = at(new State(Phase.DISABLED, START, 0, 0, 0, "off"), 0);
        assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(r.getData().get()).containsEntry("warm", false).containsEntry("phase", "disabled");
    }
}
