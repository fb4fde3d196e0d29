package org.marketcache.core;

/**
 * Where the cache reads the time. Injected everywhere an expiry is computed or checked, so tests can move time by
 * hand instead of sleeping. (Named so because in market data a "ticker" is a price snapshot.)
 */
public interface TimeSource {
    /** The wall clock: entry stamps are compared across pods, so they use epoch time, not {@code nanoTime}. */
    TimeSource SYSTEM = System::currentTimeMillis;

    long currentTimeMillis();
}
