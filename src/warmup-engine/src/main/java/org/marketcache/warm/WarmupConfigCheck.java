package org.marketcache.warm;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Singleton;

import org.marketcache.core.config.ConfigCheck;
import org.marketcache.core.config.ConfigProblems;

/**
 * The rules of {@code marketcache.hot-keys.*} and {@code marketcache.warmup.*}, each problem naming the key, the
 * rule, the value and the fix; the runtime's start-up check reports them together with every other module's.
 */
@Singleton
public class WarmupConfigCheck implements ConfigCheck {
    private final HotKeysConfig hot;
    private final WarmupConfig warmup;

    public WarmupConfigCheck(HotKeysConfig hot, WarmupConfig warmup) {
        this.hot = hot;
        this.warmup = warmup;
    }

    @Override
    public void check(ConfigProblems p) {
        p.between("marketcache.hot-keys.sample-every", hot.sampleEvery(), 0, 1_000_000,
                "1 samples every request, 8 one in eight, 0 turns sampling off");
        int size = hot.sketchSize();
        if (size < 8 || size > 1 << 20 || Integer.bitCount(size) != 1) {
            p.add("marketcache.hot-keys.sketch-size", "must be a power of two between 8 and 1048576", size,
                    "e.g. 1024");
        }
        p.positive("marketcache.hot-keys.publish-interval", hot.publishInterval());
        p.between("marketcache.hot-keys.top-k", hot.topK(), 1, 10_000, null);
        p.positive("marketcache.hot-keys.half-life", hot.halfLife());
        if (!(hot.floor() >= 0) || Double.isInfinite(hot.floor())) {
            p.add("marketcache.hot-keys.floor", "must be a number >= 0", hot.floor());
        }
        if (hot.maxEntries() < hot.topK()) {
            p.add("marketcache.hot-keys.max-entries",
                    "must be at least marketcache.hot-keys.top-k (" + hot.topK() + ")", hot.maxEntries());
        }
        p.between("marketcache.hot-keys.max-entries", hot.maxEntries(), 1, 1_000_000, null);

        p.between("marketcache.warmup.max-keys", warmup.maxKeys(), 1, 100_000, null);
        p.between("marketcache.warmup.top-n", warmup.topN(), 0, Math.max(0, warmup.maxKeys()),
                "at most marketcache.warmup.max-keys");
        for (String entry : warmup.critical().orElse(List.of())) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                WarmupTargets.instrument(entry);
            } catch (IllegalArgumentException ex) {
                p.add("marketcache.warmup.critical", "has an invalid entry", ex.getMessage());
            }
        }
        if (warmup.refreshAhead() == null || warmup.refreshAhead().isNegative()) {
            p.add("marketcache.warmup.refresh-ahead", "must not be negative (e.g. 6m)",
                    String.valueOf(warmup.refreshAhead()));
        }
        p.between("marketcache.warmup.max-queries-per-second", warmup.maxQueriesPerSecond(), 1, 100_000, null);
        p.between("marketcache.warmup.concurrency", warmup.concurrency(), 1, 256,
                "keep it under marketcache.database.bulkhead.max-concurrent");
        p.between("marketcache.warmup.max-targets", warmup.maxTargets(), 1, 10_000, null);
        p.positive("marketcache.warmup.lease-ttl", warmup.leaseTtl());
        if (warmup.leaseTtl() != null && warmup.leaseTtl().compareTo(Duration.ofSeconds(1)) < 0) {
            p.add("marketcache.warmup.lease-ttl", "must be at least 1s (it is renewed every third of it)",
                    warmup.leaseTtl());
        }
        p.positive("marketcache.warmup.run-timeout", warmup.runTimeout());
        p.between("marketcache.warmup.on-start.top-n", warmup.onStart().topN(), 0, 100_000, null);
        p.positive("marketcache.warmup.on-start.timeout", warmup.onStart().timeout());
    }
}
