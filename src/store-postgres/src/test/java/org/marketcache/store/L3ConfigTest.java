package org.marketcache.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.marketcache.core.config.ConfigProblem;

class L3ConfigTest {

    private record Values(Timescale timescale, Duration queryTimeout, Duration writeTimeout, int maxRangesPerQuery,
            int writeBatchSize) implements L3Config {
    }

    private static final L3Config.Timescale AUTO = L3Config.Timescale.AUTO;

    private static List<String> problems(L3Config config) {
        return new L3ConfigCheck(config).problems().stream().map(ConfigProblem::message).toList();
    }

    @Test
    void theDefaultsAreValid() {
        assertThat(problems(new Values(AUTO, Duration.ofSeconds(2), Duration.ofSeconds(10), 512, 5000)))
                .isEmpty();
    }

    @Test
    void everyProblemNamesTheKeyTheRuleAndTheValue() {
        assertThat(problems(new Values(AUTO, Duration.ZERO, Duration.ofHours(1), 0, 100_000)))
                .containsExactly(
                        "marketcache.l3.query-timeout must be positive: 0ms (use a duration such as 2s)",
                        "marketcache.l3.write-timeout must be at most 10m: 3600000ms (a caller waiting longer than"
                                + " that is better served by failing over)",
                        "marketcache.l3.max-ranges-per-query must be between 1 and 10000: 0 (default 512)",
                        "marketcache.l3.write-batch-size must be between 1 and 50000: 100000 (default 5000)");
        assertThat(problems(new Values(AUTO, Duration.ofNanos(500), Duration.ofSeconds(-1), 1, 1)))
                .containsExactly("marketcache.l3.query-timeout must be at least 1ms: PT0.0000005S (use a duration"
                        + " such as 2s)", "marketcache.l3.write-timeout must be positive: -1000ms (use a duration"
                        + " such as 10s)");
    }

    @Test
    void aProblemKeepsKeyRuleValueAndFixApart() {
        assertThat(new L3ConfigCheck(new Values(AUTO, Duration.ofSeconds(2), Duration.ofSeconds(10), 0, 5000))
                .problems()).containsExactly(new ConfigProblem("marketcache.l3.max-ranges-per-query",
                        "must be between 1 and 10000", "0", "default 512"));
    }

    @Test
    void timescaleLabelsAreWhatTheMigrationsExpect() {
        assertThat(L3Config.Timescale.values()).extracting(L3Config.Timescale::label)
                .containsExactly("auto", "on", "off");
    }
}
