package org.marketcache.runtime.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.marketcache.core.config.ConfigProblem;
import org.marketcache.core.policy.TtlPolicy;
import org.marketcache.marketdata.cache.CacheNames;
import org.marketcache.runtime.config.MarketCacheConfig.WriteMode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class LiveDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static LiveSettings settings() {
        Map<String, LiveSettings.CacheSettings> caches = new LinkedHashMap<>();
        for (String name : CacheNames.all()) {
            caches.put(name, new LiveSettings.CacheSettings(4000, new TtlPolicy.Settings(Duration.ofHours(24),
                    Duration.ofSeconds(10), Duration.ofSeconds(60), 0.1, Duration.ofMinutes(10),
                    Duration.ofMinutes(5), Duration.ofMinutes(5))));
        }
        return new LiveSettings(caches, Duration.ofSeconds(30), Duration.ofMillis(250), 1024, Duration.ofSeconds(60),
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(5), Map.of("candles",
                        WriteMode.WRITE_THROUGH, "trades", WriteMode.WRITE_BACK, "tickers", WriteMode.WRITE_THROUGH,
                        "orderbooks", WriteMode.WRITE_AROUND));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void aWrittenDocumentReadsBackAsTheSameSettingsWithDurationsInUnits() {
        ObjectNode doc = LiveDocument.write(settings());

        assertThat(doc.at("/redis/timeout").asText()).isEqualTo("250ms");
        assertThat(doc.at("/caches/tickers/l1/ttl").asText()).isEqualTo("10m");
        assertThat(doc.at("/ingest/write-mode/trades").asText()).isEqualTo("write-back");
        LiveDocument.Reading r = LiveDocument.read(doc, Map.of());
        assertThat(r.problems()).isEmpty();
        assertThat(r.settings()).contains(settings());
    }

    @Test
    void everyProblemIsReportedAtOnceWithKeyRuleValueAndFix() throws Exception {
        JsonNode doc = LiveDocument.mergePatch(LiveDocument.write(settings()), json("""
                {"redis":{"timeout":"0s","compress-above":-7,"key-prefix":"other"},
                 "caches":{"tickers":{"l1":{"ttl":"5","refresh":"1s"},"jitter":0.9},"nope":{"jitter":0.1}},
                 "single-flight":{"lease-ttl":"2m"},
                 "ingest":{"write-mode":{"candles":"write-sideways"}},
                 "colour":"blue"}
                """));

        LiveDocument.Reading r = LiveDocument.read(doc, Map.of());

        assertThat(r.settings()).isEmpty();
        assertThat(r.problems()).extracting(ConfigProblem::key, ConfigProblem::rule).contains(
                org.assertj.core.groups.Tuple.tuple("marketcache.redis.timeout",
                        "must be a positive duration (e.g. 250ms, 5s)"),
                org.assertj.core.groups.Tuple.tuple("marketcache.redis.compress-above",
                        "must be -1 (never) or a byte count"),
                org.assertj.core.groups.Tuple.tuple("marketcache.redis.key-prefix", "needs a restart"),
                org.assertj.core.groups.Tuple.tuple("marketcache.caches.\"tickers\".l1.ttl",
                        "must be a duration with a unit (e.g. 250ms, 5s)"),
                org.assertj.core.groups.Tuple.tuple("marketcache.caches.\"tickers\".jitter",
                        "must be between 0 and 0.5"),
                org.assertj.core.groups.Tuple.tuple("marketcache.redis.tombstone-ttl",
                        "must be at least marketcache.single-flight.lease-ttl (2m)"),
                org.assertj.core.groups.Tuple.tuple("marketcache.ingest.write-mode.candles",
                        "must be write-through, write-back or write-around"),
                org.assertj.core.groups.Tuple.tuple("marketcache.colour", "is not a live configuration key"));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p.key()).isEqualTo("marketcache.caches.\"nope\""));
        assertThat(r.problems()).filteredOn(p -> p.key().equals("marketcache.redis.timeout")).singleElement()
                .satisfies(p -> {
                    assertThat(p.value()).isEqualTo("0ms");
                    assertThat(p.fix()).isNotBlank();
                    assertThat(p.message()).startsWith("marketcache.redis.timeout must be a positive duration");
                });
    }

    @Test
    void aMissingKeyIsRequiredAndCrossKeyRulesHold() throws Exception {
        JsonNode doc = LiveDocument.mergePatch(LiveDocument.write(settings()), json("""
                {"negative-cache":null,"caches":{"trades":{"l1":{"refresh":"20m"},"mutable-refresh":"2m"}}}
                """));

        List<ConfigProblem> problems = LiveDocument.read(doc, Map.of("trades", Duration.ofMinutes(12))).problems();

        assertThat(problems).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "marketcache.negative-cache.ttl", "marketcache.caches.\"trades\".l1.refresh",
                "marketcache.caches.\"trades\".mutable-refresh", "marketcache.caches.\"trades\".l1.ttl");
        assertThat(problems).filteredOn(p -> p.key().endsWith("\"trades\".l1.ttl")).singleElement()
                .satisfies(p -> assertThat(p.rule()).contains("expire-after-write (12m)"));
    }

    @Test
    void mergePatchFollowsRfc7396() throws Exception {
        JsonNode target = json("{\"a\":\"b\",\"c\":{\"d\":\"e\",\"f\":\"g\"}}");
        JsonNode patch = json("{\"a\":\"z\",\"c\":{\"f\":null}}");

        assertThat(LiveDocument.mergePatch(target, patch)).isEqualTo(json("{\"a\":\"z\",\"c\":{\"d\":\"e\"}}"));
        assertThat(LiveDocument.mergePatch(json("{\"a\":[\"b\"]}"), json("{\"a\":\"c\"}")))
                .isEqualTo(json("{\"a\":\"c\"}"));
        assertThat(LiveDocument.mergePatch(json("{\"e\":null}"), json("{\"a\":1}")))
                .isEqualTo(json("{\"e\":null,\"a\":1}"));
        assertThat(target).isEqualTo(json("{\"a\":\"b\",\"c\":{\"d\":\"e\",\"f\":\"g\"}}"));
    }

    @Test
    void diffNamesEachChangedKey() throws Exception {
        ObjectNode before = LiveDocument.write(settings());
        JsonNode after = LiveDocument.mergePatch(before, json("{\"caches\":{\"tickers\":{\"l1\":{\"maximum-size\":9}}}}"));

        assertThat(LiveDocument.diff(before, after)).singleElement().satisfies(c -> {
            assertThat(c.key()).isEqualTo("marketcache.caches.\"tickers\".l1.maximum-size");
            assertThat(c.from().asLong()).isEqualTo(4000);
            assertThat(c.to().asLong()).isEqualTo(9);
        });
    }

    @Test
    void durationsParseAndFormatWithUnits() {
        assertThat(DurationText.parse("250ms")).contains(Duration.ofMillis(250));
        assertThat(DurationText.parse("1d")).contains(Duration.ofDays(1));
        assertThat(DurationText.parse("5")).isEmpty();
        assertThat(DurationText.parse("PT5S")).isEmpty();
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationText.format(Duration.ofHours(48))).isEqualTo("2d");
    }
}
