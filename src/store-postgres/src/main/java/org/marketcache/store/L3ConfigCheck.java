package org.marketcache.store;

import java.time.Duration;

import jakarta.inject.Singleton;

import org.marketcache.core.config.ConfigCheck;
import org.marketcache.core.config.ConfigProblems;

/**
 * The rules of {@code marketcache.l3.*}. The runtime's start-up check reports them together with every other
 * module's; {@link L3StartupCheck} applies them again for applications that run this module without the runtime.
 */
@Singleton
public class L3ConfigCheck implements ConfigCheck {
    private final L3Config config;

    public L3ConfigCheck(L3Config config) {
        this.config = config;
    }

    @Override
    public void check(ConfigProblems problems) {
        timeout(problems, "marketcache.l3.query-timeout", config.queryTimeout(), "2s");
        timeout(problems, "marketcache.l3.write-timeout", config.writeTimeout(), "10s");
        problems.between("marketcache.l3.max-ranges-per-query", config.maxRangesPerQuery(), 1, 10_000, "default 512");
        problems.between("marketcache.l3.write-batch-size", config.writeBatchSize(), 1, 50_000, "default 5000");
    }

    private static void timeout(ConfigProblems problems, String key, Duration value, String example) {
        if (value.isNegative() || value.isZero()) {
            problems.add(key, "must be positive", value.toMillis() + "ms", "use a duration such as " + example);
        } else if (value.compareTo(L3Config.MAX_TIMEOUT) > 0) {
            problems.add(key, "must be at most 10m", value.toMillis() + "ms",
                    "a caller waiting longer than that is better served by failing over");
        } else if (value.toMillis() == 0) {
            problems.add(key, "must be at least 1ms", value, "use a duration such as " + example);
        }
    }
}
