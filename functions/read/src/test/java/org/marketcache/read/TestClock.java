package org.marketcache.read;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import org.marketcache.core.testing.ManualTimeSource;
import org.marketcache.core.TimeSource;

/**
 * The application's clock, moved by the test. Enabled only by profiles that list it as an alternative, so other
 * test classes keep the wall clock. It starts at the wall-clock time so that seeded data looks current.
 */
@Alternative
@ApplicationScoped
public class TestClock implements TimeSource {
    static final ManualTimeSource TIME = new ManualTimeSource(System.currentTimeMillis());

    @Override
    public long currentTimeMillis() {
        return TIME.currentTimeMillis();
    }

    static void advance(Duration d) {
        TIME.advance(d);
    }
}
