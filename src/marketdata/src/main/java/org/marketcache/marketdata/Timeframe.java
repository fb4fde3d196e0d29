package org.marketcache.marketdata;

import java.time.Duration;

import org.marketcache.core.InvalidInputException;

/**
 * Candle intervals. All are aligned to UTC boundaries counted from the epoch (which is itself a UTC midnight), so
 * {@code align(t)} is the open time of the candle that holds {@code t}. Only {@link #M1} is stored; the others are
 * rolled up from it (continuous aggregates with TimescaleDB, SQL rollups without).
 */
public enum Timeframe {
    M1("1m", 60_000L),
    M5("5m", 300_000L),
    M15("15m", 900_000L),
    H1("1h", 3_600_000L),
    H4("4h", 14_400_000L),
    D1("1d", 86_400_000L);

    private final String label;
    private final long millis;

    Timeframe(String label, long millis) {
        this.label = label;
        this.millis = millis;
    }

    public String label() {
        return label;
    }

    public long millis() {
        return millis;
    }

    public Duration duration() {
        return Duration.ofMillis(millis);
    }

    /** Open time of the candle that contains {@code epochMillis}. */
    public long align(long epochMillis) {
        return Math.floorDiv(epochMillis, millis) * millis;
    }

    public boolean isAligned(long epochMillis) {
        return epochMillis % millis == 0;
    }

    public static Timeframe parse(String raw) {
        if (raw != null) {
            for (Timeframe t : values()) {
                if (t.label.equals(raw.trim())) {
                    return t;
                }
            }
        }
        throw new InvalidInputException("INVALID_TIMEFRAME", "timeframe",
                "timeframe must be one of 1m, 5m, 15m, 1h, 4h, 1d: " + Exchange.quote(raw));
    }

    @Override
    public String toString() {
        return label;
    }
}
