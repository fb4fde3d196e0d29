package org.marketcache.core.metrics;

import org.marketcache.core.tier.Tier;

/**
 * Where the engine reports what it does, per cache and tier. No-op by default ({@link #NONE}), so the engine never
 * depends on a registry; {@link MicrometerCacheMetrics} binds it to Micrometer with the cache vocabulary
 * ({@code cache.gets{cache,tier,result}} ...). Implementations pre-build their meters in {@link #forCache}: the hot
 * path must not look anything up.
 */
public interface CacheMetrics {

    CacheMetrics NONE = cache -> CacheMeters.NONE;

    CacheMeters forCache(String cache);

    /** The meters of one cache. All methods are cheap and thread-safe. */
    interface CacheMeters {
        CacheMeters NONE = new CacheMeters() {
        };

        /** {@code count} keys answered by {@code tier} with {@code result}. */
        default void gets(Tier tier, Result result, int count) {
        }

        /** Time one call to a tier took (a whole batch counts once). */
        default void latency(Tier tier, long nanos) {
        }

        /** A batch load from the source finished. */
        default void load(boolean success, long nanos) {
        }

        /** A caller waited for another caller's load instead of loading ({@code pod} or {@code cluster}). */
        default void singleFlightWait(String scope) {
        }

        default void bytesRead(Tier tier, long bytes) {
        }

        default void bytesWritten(Tier tier, long bytes) {
        }

        /** Values served stale because the source failed (stale-if-error). */
        default void servedStaleOnError(int count) {
        }

        /** Background refreshes started (stale-while-revalidate and refresh-ahead). */
        default void refresh(Tier from, boolean success) {
        }
    }

    /** Outcome of a lookup in one tier; the {@code result} tag value. */
    enum Result {
        HIT("hit"), MISS("miss"), STALE("stale"), CORRUPT("corrupt"), ERROR("error");

        private final String label;

        Result(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
