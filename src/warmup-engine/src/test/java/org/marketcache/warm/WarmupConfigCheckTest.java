package org.marketcache.warm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.marketcache.core.config.ConfigCheck;
import org.marketcache.core.config.ConfigProblem;
import org.marketcache.core.config.ConfigProblems;
import org.marketcache.runtime.config.MarketCacheConfig;
import org.marketcache.runtime.config.MarketCacheConfigCheck;
import org.marketcache.store.L3Config;
import org.marketcache.store.L3ConfigCheck;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The rules of {@code marketcache.hot-keys.*} and {@code marketcache.warmup.*}, and the checks of three modules
 * asked together as the start-up check asks them: every module's problems in one failure.
 */
class WarmupConfigCheckTest {

    /** The reference file of the runtime (every module's defaults) with {@code proposed} over it. */
    private static SmallRyeConfig config(Map<String, String> proposed) {
        return new SmallRyeConfigBuilder().addDefaultSources()
                .withSources(new PropertiesConfigSource(proposed, "proposed", 500))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(MarketCacheConfig.class).withMapping(L3Config.class).withMapping(HotKeysConfig.class)
                .withMapping(WarmupConfig.class).withValidateUnknown(false).build();
    }

    private static WarmupConfigCheck warmupCheck(SmallRyeConfig config) {
        return new WarmupConfigCheck(config.getConfigMapping(HotKeysConfig.class),
                config.getConfigMapping(WarmupConfig.class));
    }

    private static List<String> messages(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::message).toList();
    }

    @Test
    void theReferenceFileIsValid() {
        assertThat(warmupCheck(config(Map.of())).problems()).isEmpty();
    }

    @Test
    void everyProblemNamesTheKeyTheRuleAndTheValue() {
        Map<String, String> proposed = Map.ofEntries(
                Map.entry("marketcache.hot-keys.sample-every", "-1"),
                Map.entry("marketcache.hot-keys.sketch-size", "1000"),
                Map.entry("marketcache.hot-keys.publish-interval", "0s"),
                Map.entry("marketcache.hot-keys.floor", "-0.5"),
                Map.entry("marketcache.hot-keys.max-entries", "100"),
                Map.entry("marketcache.warmup.max-keys", "300"),
                Map.entry("marketcache.warmup.critical", "binance:BTCUSDT"),
                Map.entry("marketcache.warmup.refresh-ahead", "-1m"),
                Map.entry("marketcache.warmup.concurrency", "0"),
                Map.entry("marketcache.warmup.lease-ttl", "500ms"),
                Map.entry("marketcache.warmup.on-start.timeout", "0s"));
        List<String> problems = messages(warmupCheck(config(proposed)).problems());
        assertThat(problems).hasSize(11).startsWith(
                "marketcache.hot-keys.sample-every must be between 0 and 1000000: -1 (1 samples every request, 8 one"
                        + " in eight, 0 turns sampling off)",
                "marketcache.hot-keys.sketch-size must be a power of two between 8 and 1048576: 1000 (e.g. 1024)",
                "marketcache.hot-keys.publish-interval must be a positive duration (e.g. 250ms, 5s): PT0S",
                "marketcache.hot-keys.floor must be a number >= 0: -0.5",
                "marketcache.hot-keys.max-entries must be at least marketcache.hot-keys.top-k (200): 100",
                "marketcache.warmup.top-n must be between 0 and 300: 500 (at most marketcache.warmup.max-keys)");
        assertThat(problems.get(6)).startsWith("marketcache.warmup.critical has an invalid entry: ")
                .contains("BTCUSDT");
        assertThat(problems.subList(7, 11)).containsExactly(
                "marketcache.warmup.refresh-ahead must not be negative (e.g. 6m): PT-1M",
                "marketcache.warmup.concurrency must be between 1 and 256: 0 (keep it under"
                        + " marketcache.database.bulkhead.max-concurrent)",
                "marketcache.warmup.lease-ttl must be at least 1s (it is renewed every third of it): PT0.5S",
                "marketcache.warmup.on-start.timeout must be a positive duration (e.g. 250ms, 5s): PT0S");
    }

    @Test
    void everyModulesProblemsComeInOneFailure() {
        SmallRyeConfig config = config(Map.of(
                "marketcache.redis.timeout", "0s",
                "marketcache.l3.write-batch-size", "0",
                "marketcache.warmup.concurrency", "0"));
        List<ConfigCheck> checks = List.of(warmupCheck(config),
                new L3ConfigCheck(config.getConfigMapping(L3Config.class)),
                new MarketCacheConfigCheck(config.getConfigMapping(MarketCacheConfig.class), config));

        List<ConfigProblem> problems = ConfigProblems.collect(checks);

        assertThat(problems).extracting(ConfigProblem::key).containsExactly("marketcache.l3.write-batch-size",
                "marketcache.redis.timeout", "marketcache.warmup.concurrency");
        assertThatThrownBy(() -> ConfigProblems.requireNone(problems)).hasMessage("""
                marketcache configuration is invalid:
                  - marketcache.l3.write-batch-size must be between 1 and 50000: 0 (default 5000)
                  - marketcache.redis.timeout must be a positive duration (e.g. 250ms, 5s): PT0S
                  - marketcache.warmup.concurrency must be between 1 and 256: 0 (keep it under \
                marketcache.database.bulkhead.max-concurrent)""");
    }
}
