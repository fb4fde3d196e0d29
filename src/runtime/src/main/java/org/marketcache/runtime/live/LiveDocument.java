package org.marketcache.runtime.live;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.marketcache.core.config.ConfigProblem;
import org.marketcache.core.policy.TtlPolicy;
import org.marketcache.marketdata.cache.CacheNames;
import org.marketcache.runtime.config.MarketCacheConfig.WriteMode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The live-configuration document: one JSON object holding every setting that can change at run time, shaped like
 * the configuration keys under {@code marketcache.} ({@code {"redis":{"timeout":"250ms"}}} is
 * {@code marketcache.redis.timeout}; cache names are quoted in a key: {@code marketcache.caches."tickers".l1.ttl}).
 * Durations carry units. The L1 maximum size, {@code caches."<name>".l1.maximum-size}, starts from
 * {@code quarkus.cache.caffeine."<name>".maximum-size}.
 *
 * <p>Design note. {@link #read} is the one validator: it flattens the JSON to keys, reports every problem at once
 * (missing, unknown, restart-only, malformed, out of range, and the rules that tie two keys together) and returns
 * typed {@link LiveSettings} only when there is none, so a document is applied whole or not at all. A key that
 * exists in the reference configuration but is not in the document is refused as "needs a restart". The rules and
 * their wording are those of {@code ConfigValidation} and {@link TtlPolicy.Settings}.
 */
public final class LiveDocument {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String ROOT = "marketcache.";
    private static final List<String> DATA_TYPES = List.of("candles", "trades", "tickers", "orderbooks");
    private static final Set<String> REFERENCE_KEYS = referenceKeys();

    private LiveDocument() {
    }

    /** The outcome of reading a document: the settings, or every problem found (never both). */
    public record Reading(Optional<LiveSettings> settings, List<ConfigProblem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** The keys a document holds, in document order, as written in configuration. */
    public static List<String> keys() {
        List<String> out = new ArrayList<>();
        for (List<String> path : paths()) {
            out.add(key(path));
        }
        return out;
    }

    /** The document of {@code s}: canonical form (durations in their largest whole unit). */
    public static ObjectNode write(LiveSettings s) {
        ObjectNode root = JSON.objectNode();
        ObjectNode caches = root.putObject("caches");
        for (String name : CacheNames.all()) {
            LiveSettings.CacheSettings c = s.cache(name);
            TtlPolicy.Settings p = c.policy();
            ObjectNode n = caches.putObject(name);
            ObjectNode l1 = n.putObject("l1");
            l1.put("maximum-size", c.l1MaximumSize());
            l1.put("ttl", DurationText.format(p.l1Ttl()));
            l1.put("refresh", DurationText.format(p.l1Refresh()));
            n.put("immutable-ttl", DurationText.format(p.immutableTtl()));
            n.put("mutable-refresh", DurationText.format(p.mutableRefresh()));
            n.put("mutable-ttl", DurationText.format(p.mutableTtl()));
            n.put("jitter", p.jitter());
            n.put("stale-if-error", DurationText.format(p.staleIfError()));
        }
        root.putObject("negative-cache").put("ttl", DurationText.format(s.negativeCacheTtl()));
        ObjectNode redis = root.putObject("redis");
        redis.put("timeout", DurationText.format(s.redisTimeout()));
        redis.put("compress-above", s.compressAbove());
        redis.put("tombstone-ttl", DurationText.format(s.tombstoneTtl()));
        ObjectNode sf = root.putObject("single-flight");
        sf.put("lease-ttl", DurationText.format(s.leaseTtl()));
        sf.put("lease-wait", DurationText.format(s.leaseWait()));
        sf.put("poll-interval", DurationText.format(s.pollInterval()));
        ObjectNode modes = root.putObject("ingest").putObject("write-mode");
        for (String type : DATA_TYPES) {
            modes.put(type, s.writeMode(type).label());
        }
        return root;
    }

    /**
     * Checks a whole document and types it.
     *
     * @param doc       the document (a JSON object)
     * @param residency per cache name, {@code quarkus.cache.caffeine."<name>".expire-after-write} of this function
     *                  (restart-only: how long an L1 entry can stay at all); absent names are not checked
     */
    public static Reading read(JsonNode doc, Map<String, Duration> residency) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (doc == null || !doc.isObject()) {
            problems.add(new ConfigProblem("marketcache", "must be a JSON object of live settings",
                    doc == null ? "(nothing)" : doc.getNodeType().name().toLowerCase(Locale.ROOT),
                    "send an object such as {\"redis\":{\"timeout\":\"250ms\"}}"));
            return new Reading(Optional.empty(), problems);
        }
        Map<String, JsonNode> given = new LinkedHashMap<>();
        flatten(doc, new ArrayList<>(), given, problems);
        Set<String> known = new TreeSet<>(keys());
        for (String key : given.keySet()) {
            if (!known.contains(key)) {
                problems.add(unknown(key, given.get(key)));
            }
        }
        Values v = new Values(given, problems);
        Map<String, LiveSettings.CacheSettings> caches = new LinkedHashMap<>();
        for (String name : CacheNames.all()) {
            String p = ROOT + "caches.\"" + name + "\".";
            int before = problems.size();
            Long max = v.size(p + "l1.maximum-size");
            Duration l1Ttl = v.positive(p + "l1.ttl");
            Duration l1Refresh = v.positive(p + "l1.refresh");
            Duration immutable = v.positive(p + "immutable-ttl");
            Duration mutableRefresh = v.positive(p + "mutable-refresh");
            Duration mutableTtl = v.positive(p + "mutable-ttl");
            Double jitter = v.jitter(p + "jitter");
            Duration stale = v.notNegative(p + "stale-if-error");
            if (l1Ttl != null && l1Refresh != null && l1Refresh.compareTo(l1Ttl) > 0) {
                problems.add(new ConfigProblem(p + "l1.refresh", "must not exceed " + p + "l1.ttl ("
                        + DurationText.format(l1Ttl) + ")", DurationText.format(l1Refresh),
                        "lower l1.refresh or raise l1.ttl"));
            }
            if (mutableRefresh != null && mutableTtl != null && mutableRefresh.compareTo(mutableTtl) > 0) {
                problems.add(new ConfigProblem(p + "mutable-refresh", "must not exceed " + p + "mutable-ttl ("
                        + DurationText.format(mutableTtl) + ")", DurationText.format(mutableRefresh),
                        "lower mutable-refresh or raise mutable-ttl"));
            }
            Duration resident = residency.get(name);
            if (resident != null && l1Ttl != null && stale != null && l1Ttl.plus(stale).compareTo(resident) > 0) {
                String residencyKey = "quarkus.cache.caffeine.\"" + name + "\".expire-after-write";
                problems.add(new ConfigProblem(p + "l1.ttl", "plus " + p + "stale-if-error ("
                        + DurationText.format(stale) + ") must fit in " + residencyKey + " ("
                        + DurationText.format(resident) + ")", DurationText.format(l1Ttl),
                        "lower l1.ttl or stale-if-error to fit " + DurationText.format(resident) + ", or raise "
                                + residencyKey + " (needs a restart)"));
            }
            if (problems.size() == before) {
                try {
                    caches.put(name, new LiveSettings.CacheSettings(max, new TtlPolicy.Settings(immutable,
                            mutableRefresh, mutableTtl, jitter, l1Ttl, l1Refresh, stale)));
                } catch (IllegalArgumentException e) {
                    problems.add(new ConfigProblem(p + "*", "must make a valid cache policy", e.getMessage(),
                            "see the rules in docs/cache-configuration.md"));
                }
            }
        }
        Duration negative = v.positive(ROOT + "negative-cache.ttl");
        Duration timeout = v.positive(ROOT + "redis.timeout");
        Long compress = v.whole(ROOT + "redis.compress-above", -1, Integer.MAX_VALUE,
                "must be -1 (never) or a byte count", "use -1 to never compress, or a size in bytes such as 1024");
        Duration tombstone = v.positive(ROOT + "redis.tombstone-ttl");
        Duration leaseTtl = v.positive(ROOT + "single-flight.lease-ttl");
        Duration leaseWait = v.notNegative(ROOT + "single-flight.lease-wait");
        Duration poll = v.positive(ROOT + "single-flight.poll-interval");
        if (tombstone != null && leaseTtl != null && tombstone.compareTo(leaseTtl) < 0) {
            problems.add(new ConfigProblem(ROOT + "redis.tombstone-ttl", "must be at least " + ROOT
                    + "single-flight.lease-ttl (" + DurationText.format(leaseTtl) + ")",
                    DurationText.format(tombstone), "raise tombstone-ttl to at least the lease-ttl"));
        }
        Map<String, WriteMode> modes = new LinkedHashMap<>();
        for (String type : DATA_TYPES) {
            WriteMode m = v.writeMode(ROOT + "ingest.write-mode." + type);
            if (m != null) {
                modes.put(type, m);
            }
        }
        if (!problems.isEmpty()) {
            return new Reading(Optional.empty(), List.copyOf(problems));
        }
        return new Reading(Optional.of(new LiveSettings(caches, negative, timeout, compress.intValue(), tombstone,
                leaseTtl, leaseWait, poll, modes)), List.of());
    }

    /** JSON Merge Patch (RFC 7396): {@code patch} applied to a copy of {@code target}. */
    public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JSON.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isNull()) {
                result.remove(f.getKey());
            } else {
                result.set(f.getKey(), mergePatch(result.get(f.getKey()), f.getValue()));
            }
        }
        return result;
    }

    /** One changed key between two documents; {@code from} or {@code to} is null where the key was absent. */
    public record Change(String key, JsonNode from, JsonNode to) {
    }

    /** The keys whose values differ between {@code before} and {@code after}, in key order. */
    public static List<Change> diff(JsonNode before, JsonNode after) {
        Map<String, JsonNode> a = new LinkedHashMap<>();
        Map<String, JsonNode> b = new LinkedHashMap<>();
        List<ConfigProblem> ignored = new ArrayList<>();
        if (before != null && before.isObject()) {
            flatten(before, new ArrayList<>(), a, ignored);
        }
        if (after != null && after.isObject()) {
            flatten(after, new ArrayList<>(), b, ignored);
        }
        Set<String> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        List<Change> out = new ArrayList<>();
        for (String k : all) {
            JsonNode x = a.get(k);
            JsonNode y = b.get(k);
            if (x == null || y == null || !x.equals(y)) {
                out.add(new Change(k, x, y));
            }
        }
        return out;
    }

    private static List<List<String>> paths() {
        List<List<String>> out = new ArrayList<>();
        for (String name : CacheNames.all()) {
            for (String leaf : List.of("l1.maximum-size", "l1.ttl", "l1.refresh", "immutable-ttl", "mutable-refresh",
                    "mutable-ttl", "jitter", "stale-if-error")) {
                List<String> p = new ArrayList<>(List.of("caches", name));
                p.addAll(List.of(leaf.split("\\.")));
                out.add(p);
            }
        }
        out.add(List.of("negative-cache", "ttl"));
        out.add(List.of("redis", "timeout"));
        out.add(List.of("redis", "compress-above"));
        out.add(List.of("redis", "tombstone-ttl"));
        out.add(List.of("single-flight", "lease-ttl"));
        out.add(List.of("single-flight", "lease-wait"));
        out.add(List.of("single-flight", "poll-interval"));
        for (String type : DATA_TYPES) {
            out.add(List.of("ingest", "write-mode", type));
        }
        return out;
    }

    private static String key(List<String> path) {
        StringBuilder b = new StringBuilder(ROOT);
        for (int i = 0; i < path.size(); i++) {
            if (i > 0) {
                b.append('.');
            }
            boolean quoted = i == 1 && "caches".equals(path.get(0));
            b.append(quoted ? "\"" + path.get(i) + "\"" : path.get(i));
        }
        return b.toString();
    }

    private static void flatten(JsonNode node, List<String> path, Map<String, JsonNode> out,
            List<ConfigProblem> problems) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            path.add(f.getKey());
            if (f.getValue().isObject()) {
                flatten(f.getValue(), path, out, problems);
            } else {
                out.put(key(path), f.getValue());
            }
            path.remove(path.size() - 1);
        }
    }

    private static ConfigProblem unknown(String key, JsonNode value) {
        String text = value.isTextual() ? value.asText() : value.toString();
        if (key.startsWith(ROOT + "caches.\"")) {
            String name = key.substring((ROOT + "caches.\"").length(), key.indexOf('"', (ROOT + "caches.\"").length()));
            if (!CacheNames.all().contains(name)) {
                return new ConfigProblem(ROOT + "caches.\"" + name + "\"", "is not a cache; the caches are "
                        + CacheNames.all(), text, "use one of the cache names");
            }
        }
        if (REFERENCE_KEYS.contains(key) || REFERENCE_KEYS.contains(key.replace("\"", ""))) {
            return new ConfigProblem(key, "needs a restart", text, "set it in the function's configuration"
                    + " (application.properties or environment) and restart the pods");
        }
        return new ConfigProblem(key, "is not a live configuration key", text,
                "remove it; the live keys are listed in docs/cache-configuration.md");
    }

    private static Set<String> referenceKeys() {
        Set<String> keys = new TreeSet<>();
        try {
            Enumeration<URL> files = LiveDocument.class.getClassLoader()
                    .getResources("META-INF/microprofile-config.properties");
            for (URL url : Collections.list(files)) {
                Properties p = new Properties();
                try (InputStream in = url.openStream()) {
                    p.load(in);
                }
                for (String k : p.stringPropertyNames()) {
                    if (k.startsWith(ROOT)) {
                        keys.add(k);
                    }
                }
            }
        } catch (IOException e) {
            // unknown keys are then reported as not live rather than as restart-only
        }
        return keys;
    }

    /** Reads typed values from the flattened document, adding a problem for each missing or malformed one. */
    private static final class Values {
        private final Map<String, JsonNode> given;
        private final List<ConfigProblem> problems;

        Values(Map<String, JsonNode> given, List<ConfigProblem> problems) {
            this.given = given;
            this.problems = problems;
        }

        private JsonNode present(String key, String example) {
            JsonNode n = given.get(key);
            if (n == null || n.isNull()) {
                problems.add(new ConfigProblem(key, "is required", "(missing)", "give it a value, e.g. "
                        + example));
                return null;
            }
            return n;
        }

        private Duration duration(String key) {
            JsonNode n = present(key, "\"5s\"");
            if (n == null) {
                return null;
            }
            Optional<Duration> d = n.isTextual() ? DurationText.parse(n.asText()) : Optional.empty();
            if (d.isEmpty()) {
                problems.add(new ConfigProblem(key, "must be a duration with a unit (e.g. 250ms, 5s)",
                        n.isTextual() ? n.asText() : n.toString(), "write it as a string such as \"250ms\" or"
                                + " \"5s\" (units ms, s, m, h, d)"));
            }
            return d.orElse(null);
        }

        Duration positive(String key) {
            Duration d = duration(key);
            if (d != null && (d.isZero() || d.isNegative())) {
                problems.add(new ConfigProblem(key, "must be a positive duration (e.g. 250ms, 5s)",
                        DurationText.format(d), "give a duration above zero"));
                return null;
            }
            return d;
        }

        Duration notNegative(String key) {
            return duration(key);
        }

        Long size(String key) {
            return whole(key, 0, Long.MAX_VALUE, "must be a whole number, not negative",
                    "give an entry count such as 4000");
        }

        Long whole(String key, long min, long max, String rule, String fix) {
            JsonNode n = present(key, "1000");
            if (n == null) {
                return null;
            }
            if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
                problems.add(new ConfigProblem(key, rule, n.isTextual() ? n.asText() : n.toString(), fix));
                return null;
            }
            return n.asLong();
        }

        Double jitter(String key) {
            JsonNode n = present(key, "0.1");
            if (n == null) {
                return null;
            }
            if (!n.isNumber() || !(n.asDouble() >= 0 && n.asDouble() <= 0.5)) {
                problems.add(new ConfigProblem(key, "must be between 0 and 0.5", n.isTextual() ? n.asText()
                        : n.toString(), "give a fraction such as 0.1"));
                return null;
            }
            return n.asDouble();
        }

        WriteMode writeMode(String key) {
            JsonNode n = present(key, "\"write-through\"");
            if (n == null) {
                return null;
            }
            if (n.isTextual()) {
                for (WriteMode m : WriteMode.values()) {
                    if (m.label().equalsIgnoreCase(n.asText()) || m.name().equalsIgnoreCase(n.asText())) {
                        return m;
                    }
                }
            }
            problems.add(new ConfigProblem(key, "must be write-through, write-back or write-around",
                    n.isTextual() ? n.asText() : n.toString(), "use one of the three write modes"));
            return null;
        }
    }
}
