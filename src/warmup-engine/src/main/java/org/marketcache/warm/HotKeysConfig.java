package org.marketcache.warm;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * How read pods find their hot keys ({@code marketcache.hot-keys.*}); defaults and one line per key are in the
 * reference file {@code META-INF/microprofile-config.properties}, checked at start by
 * {@link WarmupConfigCheck}.
 */
@ConfigMapping(prefix = "marketcache.hot-keys")
public interface HotKeysConfig {

    /** One request in this many is sampled into the pod's sketch (1: every request; 0: sampling off). */
    @WithName("sample-every")
    int sampleEvery();

    /** Largest number of distinct keys the pod's frequent-items sketch tracks (a power of two). */
    @WithName("sketch-size")
    int sketchSize();

    /** How often a pod merges its top keys into the shared ranking (and starts a new sketch). */
    @WithName("publish-interval")
    Duration publishInterval();

    /** Keys a pod merges per publish: its most frequent ones. */
    @WithName("top-k")
    int topK();

    /** Time in which a score in the shared ranking halves: yesterday's hot symbol fades. */
    @WithName("half-life")
    Duration halfLife();

    /** Entries whose decayed score falls below this are dropped from the ranking. */
    double floor();

    /** Most entries the ranking keeps (the lowest scores go first). */
    @WithName("max-entries")
    int maxEntries();
}
