package org.marketcache.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The alert rules in {@code k8s/monitoring/marketcache-alerts.yaml} are a well-formed Prometheus rule file: every
 * rule has a name, an expression, a known severity, a summary and an action, and every metric it queries is one the
 * functions export (or the JVM/HTTP meters Quarkus adds).
 */
class AlertRulesTest {
    static final Set<String> SEVERITIES = Set.of("warning", "critical");
    static final Pattern METRIC = Pattern.compile("\\b((?:cache|jvm|http_server)_[a-z0-9_]+)\\b");
    static final Set<String> EXPORTED = Set.of("cache_gets_total", "cache_latency_seconds_bucket",
            "cache_circuit_state", "cache_stale_served_total", "cache_events_gaps_total", "cache_events_lag_seconds",
            "cache_events_applied_total", "cache_writeback_deadlettered_total", "cache_writeback_failures_total",
            "cache_writeback_flushed_total", "cache_loads_seconds_count", "cache_evictions_total",
            "cache_bytes_read_total", "cache_size", "jvm_memory_used_bytes", "jvm_memory_max_bytes",
            "jvm_gc_pause_seconds", "http_server_requests_seconds_count");

    @SuppressWarnings("unchecked")
    static List<String> problems(String yaml) {
        List<String> p = new ArrayList<>();
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (!(doc instanceof Map) || !(((Map<String, Object>) doc).get("groups") instanceof List)) {
            p.add("the file must be a map with a 'groups' list");
            return p;
        }
        for (Object g : (List<Object>) ((Map<String, Object>) doc).get("groups")) {
            Map<String, Object> group = (Map<String, Object>) g;
            if (!(group.get("name") instanceof String) || !(group.get("rules") instanceof List)) {
                p.add("every group needs a name and rules: " + group.get("name"));
                continue;
            }
            for (Object r : (List<Object>) group.get("rules")) {
                Map<String, Object> rule = (Map<String, Object>) r;
                String name = String.valueOf(rule.get("alert"));
                if (!(rule.get("alert") instanceof String) || !(rule.get("expr") instanceof String)) {
                    p.add(name + ": needs alert and expr");
                    continue;
                }
                Object labels = rule.get("labels");
                if (!(labels instanceof Map) || !SEVERITIES.contains(((Map<String, Object>) labels).get("severity"))) {
                    p.add(name + ": labels.severity must be one of " + SEVERITIES);
                }
                Object ann = rule.get("annotations");
                if (!(ann instanceof Map) || !(((Map<String, Object>) ann).get("summary") instanceof String)
                        || !(((Map<String, Object>) ann).get("action") instanceof String)) {
                    p.add(name + ": annotations need a summary and an action");
                }
                Matcher m = METRIC.matcher((String) rule.get("expr"));
                while (m.find()) {
                    if (!EXPORTED.contains(m.group(1))) {
                        p.add(name + ": queries " + m.group(1) + ", which no function exports");
                    }
                }
            }
        }
        return p;
    }

    @Test
    void theShippedRulesAreWellFormed() throws IOException {
        Path rules = Repo.root().resolve("k8s/monitoring/marketcache-alerts.yaml");
        assertThat(problems(Files.readString(rules))).isEmpty();
    }

    @Test
    void brokenRulesAreRejected() {
        assertThat(problems("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: cache_gets_total > 1\n"
                + "        labels: {severity: page}\n        annotations: {summary: s}\n"))
                .anySatisfy(s -> assertThat(s).contains("severity")).anySatisfy(s -> assertThat(s).contains("action"));
        assertThat(problems("groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: cache_misses_total > 1\n"
                + "        labels: {severity: warning}\n        annotations: {summary: s, action: a}\n"))
                .singleElement().asString().contains("cache_misses_total");
        assertThat(problems("rules: []")).isNotEmpty();
    }
}
