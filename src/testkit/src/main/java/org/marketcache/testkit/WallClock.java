package org.marketcache.testkit;

import java.time.Duration;
import java.time.Instant;

import org.awaitility.Awaitility;

/**
 * The wall clock for tests whose application runs on it (no injected time): a start time at least a margin before
 * the next boundary (an hour, so every chunk boundary too), waiting for the boundary to pass when it is closer. A
 * test that takes "now", "the live minute" or "the latest hours" at its start then sees the same chunks at its end.
 * Call it where the test starts (a {@code @BeforeAll}), never in a static initializer: a class is loaded long before
 * its tests run.
 */
public final class WallClock {
    private WallClock() {
    }

    /**
     * The current time in milliseconds, at least {@code margin} before the next multiple of {@code boundary} (since
     * the epoch, UTC); waits up to {@code margin} for that multiple to pass when it is nearer.
     */
    public static long clearOf(Duration boundary, Duration margin) {
        if (margin.compareTo(boundary) >= 0) {
            throw new IllegalArgumentException("margin must be shorter than the boundary: margin " + margin
                    + ", boundary " + boundary);
        }
        long now = System.currentTimeMillis();
        long next = now - Math.floorMod(now, boundary.toMillis()) + boundary.toMillis();
        if (next - now < margin.toMillis()) {
            Awaitility.await("wall clock past " + Instant.ofEpochMilli(next)).atMost(margin.plusSeconds(5))
                    .pollInterval(Duration.ofMillis(50)).until(() -> System.currentTimeMillis() >= next);
            now = System.currentTimeMillis();
        }
        return now;
    }
}
