package org.marketcache.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the servers say about themselves, sampled between phases and every interval: heap used and maximum and the
 * {@code cache.gets} counters from a server's Prometheus endpoint ({@code /q/metrics}), and committed transactions
 * of the benchmark database from {@code pg_stat_database} (PostgreSQL publishes them about once a second).
 */
public final class ServerProbe {
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");
    private static final Pattern TAG = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String jdbcUrl;
    private final String database;

    /** @param jdbcUrl a JDBC URL of any database on the server; {@code database} is the one whose stats are read */
    public ServerProbe(String jdbcUrl, String database) {
        this.jdbcUrl = jdbcUrl;
        this.database = database;
    }

    /**
     * One reading of a server and of the database.
     *
     * @param heapRetained heap used outside the young generation's allocation area (eden): what survived at least
     *                     one collection. Heap used includes eden, which by design fills up to its size before
     *                     every young collection, so a sample of it says when the last collection ran, not how
     *                     much memory the server keeps.
     */
    public record Sample(long atNanos, double heapUsed, double heapRetained, double heapMax, Map<String, Double> gets,
            long transactions) {

        /** {@code cache.gets} of {@code tier} with {@code result}, summed over caches. */
        public double gets(String tier, String result) {
            return gets.getOrDefault(tier + "/" + result, 0.0);
        }

        public double heapShare() {
            return heapMax <= 0 ? Double.NaN : heapUsed / heapMax;
        }

        public double retainedShare() {
            return heapMax <= 0 ? Double.NaN : heapRetained / heapMax;
        }
    }

    /**
     * What a server and the database did between two samples: database transactions and the key lookups of
     * {@code cache.gets} (summed over caches).
     */
    public record Change(double seconds, double transactions, double l1Hits, double l1Misses, double l2Hits,
            double l2Errors) {

        public static Change between(Sample before, Sample after) {
            return new Change((after.atNanos() - before.atNanos()) / 1e9, after.transactions() - before.transactions(),
                    after.gets("l1", "hit") - before.gets("l1", "hit"),
                    after.gets("l1", "miss") - before.gets("l1", "miss"),
                    after.gets("l2", "hit") - before.gets("l2", "hit"),
                    after.gets("l2", "error") - before.gets("l2", "error"));
        }

        public double transactionsPerSecond() {
            return transactions / seconds;
        }

        public double l1Lookups() {
            return l1Hits + l1Misses;
        }

        /** Share of L1 lookups that hit; 0 when there were none. */
        public double l1HitRate() {
            return l1Lookups() == 0 ? 0 : l1Hits / l1Lookups();
        }
    }

    public Sample sample(String metricsUrl) {
        double used = 0;
        double retained = 0;
        double max = 0;
        Map<String, Double> gets = new TreeMap<>();
        if (metricsUrl != null) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(metricsUrl))
                        .timeout(Duration.ofSeconds(5)).header("Accept", "text/plain").build(),
                        HttpResponse.BodyHandlers.ofString());
                for (String line : r.body().split("\n")) {
                    if (line.startsWith("#")) {
                        continue;
                    }
                    Matcher m = LINE.matcher(line);
                    if (!m.find()) {
                        continue;
                    }
                    String name = m.group(1);
                    Map<String, String> tags = tags(m.group(2));
                    double v;
                    try {
                        v = Double.parseDouble(m.group(3));
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    if (name.equals("jvm_memory_used_bytes") && "heap".equals(tags.get("area"))) {
                        used += v;
                        if (!String.valueOf(tags.get("id")).contains("Eden")) {
                            retained += v;
                        }
                    } else if (name.equals("jvm_memory_max_bytes") && "heap".equals(tags.get("area")) && v > 0) {
                        max += v;
                    } else if (name.equals("cache_gets_total") && tags.containsKey("tier")) {
                        gets.merge(tags.get("tier") + "/" + tags.get("result"), v, Double::sum);
                    }
                }
            } catch (Exception e) {
                used = Double.NaN;
                retained = Double.NaN;
                max = Double.NaN;
            }
        }
        return new Sample(System.nanoTime(), used, retained, max, gets, transactions());
    }

    private long transactions() {
        if (jdbcUrl == null) {
            return -1;
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                PreparedStatement ps = c.prepareStatement(
                        "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (Exception e) {
            return -1;
        }
    }

    private static Map<String, String> tags(String raw) {
        Map<String, String> out = new TreeMap<>();
        if (raw != null) {
            Matcher m = TAG.matcher(raw);
            while (m.find()) {
                out.put(m.group(1), m.group(2));
            }
        }
        return out;
    }
}
