package org.marketcache.core.policy;

import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Time-based policy for one cache, with a split that market data needs and key-value caches lack: a value that can
 * no longer change (a chunk of closed candles, a past trade window) is <em>immutable</em> and lives for
 * {@code immutableTtl} with no refresh; a value that can still change (the chunk holding the live candle, the latest
 * ticker) is <em>mutable</em>: fresh for {@code mutableRefresh}, usable (stale-while-revalidate) until
 * {@code mutableTtl}. Source stamps get random jitter so entries written together do not expire together.
 *
 * <p>The settings are swapped atomically by {@link #update(Settings)} (configuration hot reload); entries already
 * stamped keep their times.
 */
public final class TtlPolicy<K extends CacheKey, V> implements EntryPolicy<K, V> {

    /**
     * @param immutableTtl   lifetime of a value that cannot change any more
     * @param mutableRefresh how long a changeable value is fresh before a background refresh
     * @param mutableTtl     how long a changeable value may be served at all (bounds staleness)
     * @param jitter         fraction (0..0.5) of random spread applied to source stamps
     * @param l1Ttl          longest time a value is served from L1 without asking L2 again
     * @param l1Refresh      age after which an L1 hit triggers a background re-read from L2 (refresh-ahead)
     * @param staleIfError   how long past expiry a value may be served while the source is failing
     */
    public record Settings(Duration immutableTtl, Duration mutableRefresh, Duration mutableTtl, double jitter,
            Duration l1Ttl, Duration l1Refresh, Duration staleIfError) {
        public Settings {
            requirePositive("immutable-ttl", immutableTtl);
            requirePositive("mutable-refresh", mutableRefresh);
            requirePositive("mutable-ttl", mutableTtl);
            requirePositive("l1.ttl", l1Ttl);
            requirePositive("l1.refresh", l1Refresh);
            Objects.requireNonNull(staleIfError, "stale-if-error");
            if (staleIfError.isNegative()) {
                throw new IllegalArgumentException("stale-if-error must not be negative: " + staleIfError);
            }
            if (mutableRefresh.compareTo(mutableTtl) > 0) {
                throw new IllegalArgumentException("mutable-refresh must not exceed mutable-ttl: " + mutableRefresh
                        + " > " + mutableTtl);
            }
            if (l1Refresh.compareTo(l1Ttl) > 0) {
                throw new IllegalArgumentException("l1.refresh must not exceed l1.ttl: " + l1Refresh + " > " + l1Ttl);
            }
            if (!(jitter >= 0 && jitter <= 0.5)) {
                throw new IllegalArgumentException("jitter must be between 0 and 0.5: " + jitter);
            }
        }

        private static void requirePositive(String name, Duration d) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
        }
    }

    private final Predicate<? super V> immutable;
    private volatile Settings settings;

    public TtlPolicy(Settings settings, Predicate<? super V> immutable) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.immutable = Objects.requireNonNull(immutable, "immutable");
    }

    public Settings settings() {
        return settings;
    }

    public void update(Settings next) {
        this.settings = Objects.requireNonNull(next, "settings");
    }

    @Override
    public CacheEntry<V> stamp(K key, V value, long now) {
        Settings s = settings;
        if (immutable.test(value)) {
            long ttl = jittered(s.immutableTtl().toMillis(), s.jitter());
            return new CacheEntry<>(value, now, now + ttl, now + ttl, 0L);
        }
        long refresh = jittered(s.mutableRefresh().toMillis(), s.jitter());
        long ttl = Math.max(refresh, jittered(s.mutableTtl().toMillis(), s.jitter()));
        return new CacheEntry<>(value, now, now + refresh, now + ttl, 0L);
    }

    @Override
    public CacheEntry<V> forL1(CacheEntry<V> entry, long now) {
        Settings s = settings;
        return entry.clippedTo(now + s.l1Refresh().toMillis(), now + s.l1Ttl().toMillis());
    }

    @Override
    public long staleIfErrorMillis() {
        return settings.staleIfError().toMillis();
    }

    private static long jittered(long millis, double jitter) {
        if (jitter == 0 || millis < 2) {
            return millis;
        }
        double f = 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Math.max(1, (long) (millis * f));
    }
}
