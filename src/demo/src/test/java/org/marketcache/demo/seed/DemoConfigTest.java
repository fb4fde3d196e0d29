package org.marketcache.demo.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.marketcache.core.config.ConfigProblem;

class DemoConfigTest {

    private record Values(boolean seed, List<String> exchanges, int symbols, int days, int tradeHours,
            long randomSeed) implements DemoConfig {
    }

    private static List<String> problems(DemoConfig config) {
        return new DemoConfigCheck(config).problems().stream().map(ConfigProblem::message).toList();
    }

    @Test
    void theDefaultsAreValidAndBecomeTheDefaultSpec() {
        Values defaults = new Values(false, List.of("binance", "okx", "huobi"), 10, 7, 2, 42);
        assertThat(problems(defaults)).isEmpty();
        assertThat(DemoConfig.spec(defaults, 1_773_489_600_000L).instrumentCount()).isEqualTo(30);
    }

    @Test
    void everyProblemNamesTheKey() {
        assertThat(problems(new Values(true, List.of("binance", "Binance", "bad name"), 0, 400, 10_000, 1)))
                .containsExactly(
                        "marketcache.demo.exchanges must not repeat an exchange: 'Binance'",
                        "marketcache.demo.exchanges has an invalid entry: exchange must be 1-32 letters, digits, '_'"
                                + " or '-' starting with a letter or digit: 'bad name'",
                        "marketcache.demo.symbols must be between 1 and 1000: 0",
                        "marketcache.demo.days must be between 1 and 366: 400",
                        "marketcache.demo.trade-hours must be between 0 and 24 × marketcache.demo.days (9600): 10000");
    }

    @Test
    void anEmptyListOfExchangesSaysWhatToWrite() {
        assertThat(new DemoConfigCheck(new Values(true, List.of(), 10, 7, 2, 42)).problems()).containsExactly(
                new ConfigProblem("marketcache.demo.exchanges", "must name at least one exchange", null,
                        "e.g. binance,okx,huobi"));
    }
}
