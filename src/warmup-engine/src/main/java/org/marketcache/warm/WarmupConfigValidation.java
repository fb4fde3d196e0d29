package org.marketcache.warm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.StartupEvent;

/**
 * Checks {@code marketcache.hot-keys.*} and {@code marketcache.warmup.*} at start-up and refuses to start on a bad
 * value, listing every problem at once with the key, the rule, the value and the fix (as
 * {@link org.marketcache.runtime.config.ConfigValidation} does for the rest).
 */
@ApplicationScoped
public class WarmupConfigValidation {
    @Inject
    HotKeysConfig hot;
    @Inject
    WarmupConfig warmup;

    void onStart(@Observes StartupEvent e) {
        List<String> problems = problems(hot, warmup);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("marketcache warm-up configuration is invalid:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /** Every rule the two configurations break (empty when valid). */
    public static List<String> problems(HotKeysConfig hot, WarmupConfig warmup) {
        List<String> p = new ArrayList<>();
        range(p, "marketcache.hot-keys.sample-every", hot.sampleEvery(), 0, 1_000_000,
                "1 samples every request, 8 one in eight, 0 turns sampling off");
        int size = hot.sketchSize();
        if (size < 8 || size > 1 << 20 || Integer.bitCount(size) != 1) {
            p.add("marketcache.hot-keys.sketch-size must be a power of two between 8 and 1048576: " + size
                    + " (e.g. 1024)");
        }
        positive(p, "marketcache.hot-keys.publish-interval", hot.publishInterval());
        range(p, "marketcache.hot-keys.top-k", hot.topK(), 1, 10_000, null);
        positive(p, "marketcache.hot-keys.half-life", hot.halfLife());
        if (!(hot.floor() >= 0) || Double.isInfinite(hot.floor())) {
            p.add("marketcache.hot-keys.floor must be a number >= 0: " + hot.floor());
        }
        if (hot.maxEntries() < hot.topK()) {
            p.add("marketcache.hot-keys.max-entries must be at least marketcache.hot-keys.top-k (" + hot.topK()
                    + "): " + hot.maxEntries());
        }
        range(p, "marketcache.hot-keys.max-entries", hot.maxEntries(), 1, 1_000_000, null);

        range(p, "marketcache.warmup.max-keys", warmup.maxKeys(), 1, 100_000, null);
        range(p, "marketcache.warmup.top-n", warmup.topN(), 0, Math.max(0, warmup.maxKeys()),
                "at most marketcache.warmup.max-keys");
        for (String entry : warmup.critical().orElse(List.of())) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                WarmupTargets.instrument(entry);
            } catch (IllegalArgumentException ex) {
                p.add("marketcache.warmup.critical has an invalid entry: " + ex.getMessage());
            }
        }
        if (warmup.refreshAhead() == null || warmup.refreshAhead().isNegative()) {
            p.add("marketcache.warmup.refresh-ahead must not be negative (e.g. 6m): " + warmup.refreshAhead());
        }
        range(p, "marketcache.warmup.max-queries-per-second", warmup.maxQueriesPerSecond(), 1, 100_000, null);
        range(p, "marketcache.warmup.concurrency", warmup.concurrency(), 1, 256,
                "keep it under marketcache.database.bulkhead.max-concurrent");
        range(p, "marketcache.warmup.max-targets", warmup.maxTargets(), 1, 10_000, null);
        positive(p, "marketcache.warmup.lease-ttl", warmup.leaseTtl());
        if (warmup.leaseTtl() != null && warmup.leaseTtl().compareTo(Duration.ofSeconds(1)) < 0) {
            p.add("marketcache.warmup.lease-ttl must be at least 1s (it is renewed every third of it): "
                    + warmup.leaseTtl());
        }
        positive(p, "marketcache.warmup.run-timeout", warmup.runTimeout());
        range(p, "marketcache.warmup.on-start.top-n", warmup.onStart().topN(), 0, 100_000, null);
        positive(p, "marketcache.warmup.on-start.timeout", warmup.onStart().timeout());
        return p;
    }

    private static void range(List<String> p, String key, int v, int min, int max, String hint) {
        if (v < min || v > max) {
            p.add(key + " must be between " + min + " and " + max + ": " + v + (hint == null ? "" : " (" + hint
                    + ")"));
        }
    }

    private static void positive(List<String> p, String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            p.add(key + " must be a positive duration (e.g. 250ms, 5s): " + d);
        }
    }
}
