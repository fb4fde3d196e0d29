package org.marketcache.warm;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of a new pod's L1: DOWN while the start-up warm runs and its time limit
 * ({@code marketcache.warmup.on-start.timeout}) has not passed, UP afterwards in every case, with {@code warm}
 * saying whether L1 holds the hot set. A pod that cannot warm (Redis slow or down, the limit passed) still becomes
 * ready, reports {@code warm=false} and why: a cold pod that answers is better than none, and the other readiness
 * check ({@code marketcache}) already reports dependencies as degraded without taking the pod out.
 */
@Readiness
@ApplicationScoped
public class L1WarmupReadiness implements HealthCheck {
    @Inject
    StartupL1Warmer warmer;
    @Inject
    WarmupConfig config;

    @Override
    public HealthCheckResponse call() {
        return evaluate(warmer.state(), config.onStart().timeout(), System.nanoTime());
    }

    /** The readiness answer for {@code s} at {@code nowNanos} (no clock inside: tests pass the time). */
    static HealthCheckResponse evaluate(StartupL1Warmer.State s, Duration timeout, long nowNanos) {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("marketcache-l1-warmup").withData("phase",
                s.phase().name().toLowerCase(java.util.Locale.ROOT)).withData("wantedKeys", s.wanted())
                .withData("loadedKeys", s.loaded());
        switch (s.phase()) {
            case DISABLED:
                return b.up().withData("warm", false).withData("reason", s.reason()).build();
            case WARM:
                return b.up().withData("warm", true).withData("tookMillis", s.tookMillis())
                        .withData("withinTimeout", s.tookMillis() <= timeout.toMillis()).build();
            case FAILED:
                return b.up().withData("warm", false).withData("reason", "start-up warm failed after "
                        + s.tookMillis() + "ms: " + s.reason()).build();
            default:
                long elapsed = (nowNanos - s.startedNanos()) / 1_000_000;
                if (elapsed < timeout.toMillis()) {
                    return b.down().withData("warm", false).withData("elapsedMillis", elapsed).build();
                }
                return b.up().withData("warm", false).withData("reason", "not warm within "
                        + timeout.toMillis() + "ms (marketcache.warmup.on-start.timeout); " + s.loaded() + " of "
                        + s.wanted() + " keys loaded so far, the rest goes on in the background").build();
        }
    }
}
