package org.marketcache.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConfigProblemsTest {

    @Test
    void aProblemReadsKeyRuleValueAndFixLeavingOutWhatIsMissing() {
        assertThat(new ConfigProblem("a.b", "must be between 1 and 3", "7", "default 2").message())
                .isEqualTo("a.b must be between 1 and 3: 7 (default 2)");
        assertThat(new ConfigProblem("a.b", "must be positive", "-1", null).message())
                .isEqualTo("a.b must be positive: -1");
        assertThat(new ConfigProblem("a.list", "must name at least one exchange", null, "e.g. binance").message())
                .isEqualTo("a.list must name at least one exchange (e.g. binance)");
        assertThat(new ConfigProblem("a.b", "is wrong", null, null)).hasToString("a.b is wrong");
    }

    @Test
    void theSharedRulesNameTheKeyAndTheValue() {
        List<ConfigProblem> problems = new ConfigProblems()
                .positive("a.timeout", Duration.ZERO)
                .positive("a.missing", null)
                .positive("a.fine", Duration.ofMillis(1))
                .between("a.size", 0, 1, 10, null)
                .between("a.top", 11, 0, 10, "at most a.size")
                .between("a.unset", null, 1, 10, null)
                .between("a.edge", 10, 1, 10, null)
                .list();
        assertThat(problems).extracting(ConfigProblem::message).containsExactly(
                "a.timeout must be a positive duration (e.g. 250ms, 5s): PT0S",
                "a.missing must be a positive duration (e.g. 250ms, 5s): null",
                "a.size must be between 1 and 10: 0",
                "a.top must be between 0 and 10: 11 (at most a.size)",
                "a.unset must be between 1 and 10: null");
    }

    @Test
    void collectAsksEveryCheckAndOrdersTheProblemsByKey() {
        ConfigCheck warm = p -> p.add("marketcache.warmup.top-n", "must be between 0 and 10", 11)
                .add("marketcache.hot-keys.top-k", "must be between 1 and 10000", 0);
        ConfigCheck store = p -> p.add("marketcache.l3.write-batch-size", "must be between 1 and 50000", 0);
        ConfigCheck valid = p -> { };

        List<ConfigProblem> all = ConfigProblems.collect(List.of(warm, valid, store));

        assertThat(all).extracting(ConfigProblem::key).containsExactly("marketcache.hot-keys.top-k",
                "marketcache.l3.write-batch-size", "marketcache.warmup.top-n");
        assertThat(warm.problems()).extracting(ConfigProblem::key)
                .containsExactly("marketcache.warmup.top-n", "marketcache.hot-keys.top-k");
        assertThat(valid.problems()).isEmpty();
        assertThat(ConfigProblems.collect(List.of(valid))).isEmpty();
    }

    @Test
    void requireNoneFailsWithEveryProblemOneALine() {
        ConfigProblems.requireNone(List.of());
        List<ConfigProblem> two = List.of(new ConfigProblem("a.x", "must be positive", "0", null),
                new ConfigProblem("b.y", "is not a cache", null, null));
        assertThatThrownBy(() -> ConfigProblems.requireNone(two)).isInstanceOf(IllegalStateException.class)
                .hasMessage("marketcache configuration is invalid:\n  - a.x must be positive: 0\n"
                        + "  - b.y is not a cache");
    }
}
