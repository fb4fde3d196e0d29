package org.marketcache.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.marketcache.core.config.ConfigProblem;
import org.marketcache.core.config.ConfigProblems;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The rules of {@code marketcache.*}, checked against the reference file with some keys written over, as a proposed
 * document would be: the check needs no running application.
 */
class MarketCacheConfigCheckTest {

    /** The reference file (META-INF/microprofile-config.properties) with {@code proposed} over it. */
    static SmallRyeConfig config(Map<String, String> proposed) {
        return new SmallRyeConfigBuilder().addDefaultSources()
                .withSources(new PropertiesConfigSource(proposed, "proposed", 500))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(MarketCacheConfig.class).withValidateUnknown(false).build();
    }

    static List<String> problems(Map<String, String> proposed) {
        SmallRyeConfig config = config(proposed);
        return new MarketCacheConfigCheck(config.getConfigMapping(MarketCacheConfig.class), config).problems()
                .stream().map(ConfigProblem::message).toList();
    }

    @Test
    void theReferenceFileIsValid() {
        assertThat(problems(Map.of())).isEmpty();
    }

    @Test
    void everyProblemNamesTheKeyTheRuleAndTheValue() {
        assertThat(problems(Map.of(
                "marketcache.redis.timeout", "0s",
                "marketcache.redis.compress-above", "-2",
                "marketcache.redis.expected-eviction-policy", "noeviction",
                "marketcache.redis.circuit-breaker.failure-ratio", "0",
                "marketcache.single-flight.lease-ttl", "2m",
                "marketcache.candles.chunk-candles.1h", "0",
                "marketcache.candles.default-limit", "2000",
                "marketcache.trades.default-limit", "0",
                "marketcache.orderbooks.default-depth", "6000")))
                .containsExactly(
                        "marketcache.redis.timeout must be a positive duration (e.g. 250ms, 5s): PT0S",
                        "marketcache.redis.tombstone-ttl must be at least marketcache.single-flight.lease-ttl (PT2M):"
                                + " PT1M",
                        "marketcache.redis.compress-above must be -1 (never) or a byte count: -2",
                        "marketcache.redis.expected-eviction-policy must be a Redis maxmemory-policy other than"
                                + " noeviction (allkeys-lfu, allkeys-lru, volatile-ttl, ...): noeviction",
                        "marketcache.redis.circuit-breaker.failure-ratio must be in (0, 1]: 0.0",
                        "marketcache.candles.chunk-candles.1h must be between 1 and 10000: 0",
                        "marketcache.candles.default-limit must be between 1 and marketcache.candles.max-limit (1500):"
                                + " 2000",
                        "marketcache.trades.default-limit must be between 1 and marketcache.trades.max-limit (1000):"
                                + " 0",
                        "marketcache.orderbooks.default-depth must be between 1 and marketcache.orderbooks.max-depth:"
                                + " 6000");
    }

    @Test
    void theCachesMustHoldTogetherWithTheirL1() {
        assertThat(problems(Map.of(
                "marketcache.caches.\"trades\".l1.refresh", "20m",
                "quarkus.cache.caffeine.\"tickers\".expire-after-write", "1m",
                "marketcache.caches.\"candles-2m\".immutable-ttl", "1h",
                "marketcache.caches.\"candles-2m\".mutable-refresh", "1s",
                "marketcache.caches.\"candles-2m\".mutable-ttl", "1m",
                "marketcache.caches.\"candles-2m\".l1.ttl", "1m",
                "marketcache.caches.\"candles-2m\".l1.refresh", "1m",
                "marketcache.caches.\"candles-2m\".stale-if-error", "1m")))
                .anySatisfy(m -> assertThat(m).startsWith("marketcache.caches.\"trades\" is invalid: l1.refresh must"
                        + " not exceed l1.ttl: PT20M > "))
                .anySatisfy(m -> assertThat(m).matches("quarkus\\.cache\\.caffeine\\.\"tickers\"\\.expire-after-write"
                        + " must cover marketcache\\.caches\\.\"tickers\"\\.l1\\.ttl \\+ marketcache\\.caches\\."
                        + "\"tickers\"\\.stale-if-error \\((PT\\S+)\\): PT1M \\(raise it to at least \\1\\)"))
                .anySatisfy(m -> assertThat(m).startsWith("marketcache.caches.\"candles-2m\" is not a cache; the caches"
                        + " are [candles-1m, "))
                .hasSize(3);
    }

    @Test
    void theRunningCheckAndAProposedDocumentGiveTheSameData() {
        SmallRyeConfig config = config(Map.of("marketcache.negative-cache.ttl", "-1s"));
        List<ConfigProblem> problems = ConfigProblems.collect(List.of(
                new MarketCacheConfigCheck(config.getConfigMapping(MarketCacheConfig.class), config)));
        assertThat(problems).containsExactly(new ConfigProblem("marketcache.negative-cache.ttl",
                "must be a positive duration (e.g. 250ms, 5s)", "PT-1S", null));
    }
}
