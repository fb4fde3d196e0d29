package org.marketcache.bench.load;

import static org.marketcache.bench.load.Figures.megabytes;
import static org.marketcache.bench.load.Figures.millis;
import static org.marketcache.bench.load.Figures.number;
import static org.marketcache.bench.load.Figures.percent;
import static org.marketcache.bench.load.MarkdownTable.Column.numeric;
import static org.marketcache.bench.load.MarkdownTable.Column.text;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * {@code --plan comparison}: the read function (f) and the alternatives (a)-(e) on the Zipf mix, same data, same
 * request sequence, one run. Each implementation starts cold (its caches emptied), is warmed up in the closed model
 * (a cold cache's misses would otherwise pile up into a backlog, and the run would measure the backlog), measured in
 * the open model at {@code --rate}, then saturated in the closed model. Server figures (database transactions, heap,
 * key lookups) come from samples before and after the measured part.
 */
final class ComparisonPhase extends Phase {
    static final List<String> IMPLS = List.of("f", "l3", "caffeine", "redis", "redisson", "jetcache");
    static final Map<String, String> LABELS = Map.of("f", "(f) marketcache (read function)", "l3",
            "(a) L3 direct (no cache)", "caffeine", "(b) Quarkus @CacheResult, Caffeine only", "redis",
            "(c) Redis-only cache-aside", "redisson", "(d) Redisson RLocalCachedMap near cache", "jetcache",
            "(e) JetCache two-level (Caffeine + Redis)");

    /**
     * One implementation's figures.
     *
     * @param open       the open-model (measured) run
     * @param server     the serving process and the database during the measured part
     * @param heap       the serving process's sample at the end of the measured part
     * @param saturation requests per second in the closed model
     */
    record Measured(Stats.Snapshot open, ServerProbe.Change server, ServerProbe.Sample heap, double saturation) {
    }


    ComparisonPhase(BenchRun run) {
        super(run);
    }

    @Override
    void run() throws IOException {
        report.section("Comparison on the Zipf mix: same data, same request sequence, one run");
        double rate = o.rate;
        Duration warm = o.warmup;
        Duration dur = o.duration;
        Duration sat = o.saturation;
        int closed = o.closedConnections;
        report.add("Each implementation starts cold (its caches emptied), gets " + warm.toSeconds() + " s of the same"
                + " workload unrecorded (closed model, " + closed + " connections, so a cold cache's misses do not"
                + " pile up into a backlog), then " + dur.toSeconds() + " s measured at " + (long) rate
                + " requests/s offered (open model), then " + sat.toSeconds() + " s closed model with " + closed
                + " connections (most requests/s). Hit rates are shares of requests by `X-Cache`; *no DB* is the"
                + " share of requests that did not touch the database (no `l3` in `Server-Timing`). DB tx/s from"
                + " `pg_stat_database`; heap from the serving process's `/q/metrics` at the end of the measured"
                + " part.\n\n");
        Map<String, Measured> measured = new LinkedHashMap<>();
        for (String impl : o.impls) {
            measured.put(impl, measure(impl, rate, warm, dur, sat, closed));
        }
        Measured f = measured.get("f");
        MarkdownTable table = new MarkdownTable(text("implementation"),
                numeric("served req/s (offered " + (long) rate + ")"), numeric("P50 ms"), numeric("P95 ms"),
                numeric("P99 ms"), numeric("P99.9 ms"), numeric("L1"), numeric("L2"), numeric("no DB"),
                numeric("DB tx/s"), numeric("heap used (retained) / max"), numeric("saturation req/s"),
                numeric("×(f) saturation"), numeric("×(f) P99"));
        measured.forEach((impl, m) -> {
            Stats.Snapshot s = m.open();
            table.add(LABELS.getOrDefault(impl, impl),
                    number(s.perSecond(dur)) + (s.shed() > 0 ? " (shed " + s.shed() + ")" : ""),
                    millis(s.all(), 50), millis(s.all(), 95), millis(s.all(), 99), millis(s.all(), 99.9),
                    percent(s.share("L1")), percent(s.share("L2")), percent(s.hitRate()),
                    number(m.server().transactionsPerSecond()),
                    megabytes(m.heap().heapUsed()) + " (" + megabytes(m.heap().heapRetained()) + ") / "
                            + megabytes(m.heap().heapMax()),
                    number(m.saturation()), f == null ? "" : number(m.saturation() / f.saturation()),
                    f == null ? "" : number(Stats.Snapshot.ms(s.all(), 99) / Stats.Snapshot.ms(f.open().all(), 99)));
        });
        report.add(table);
        if (f != null) {
            ServerProbe.Change keys = f.server();
            report.add("\n(f) by cache key (server metrics `cache.gets`, chunks and snapshots): L1 hit rate **"
                    + percent(keys.l1HitRate()) + "** of " + number(keys.l1Lookups()) + " key lookups; L2 hits "
                    + number(keys.l2Hits()) + " (they include the L2 reads of background refreshes, so they are not a"
                    + " share of the L1 misses); L2 errors (timeouts, pool exhausted, breaker open): "
                    + number(keys.l2Errors()) + ".\n");
        }
        report.add("\nPer endpoint and answering tier (open-model part):\n\n");
        MarkdownTable byTier = new MarkdownTable(text("implementation"), text("endpoint / X-Cache"),
                numeric("requests"), numeric("P50 ms"), numeric("P95 ms"), numeric("P99 ms"), numeric("P99.9 ms"));
        measured.forEach((impl, m) -> {
            for (Map.Entry<String, Histogram> e : m.open().byEndpointTier().entrySet()) {
                Histogram h = e.getValue();
                byTier.add(Figures.withPercentiles(h, impl, e.getKey(), h.getTotalCount()));
            }
        });
        report.add(byTier);
        report.add("\n");
    }

    private Measured measure(String impl, double rate, Duration warm, Duration dur, Duration sat, int closed)
            throws IOException {
        boolean f = impl.equals("f");
        URI base = f ? o.read : o.bench;
        String prefix = f ? "" : "/alt/" + impl;
        if (!f) {
            reset(impl);
        }
        String metrics = base.resolve("/q/metrics").toString();
        ServerProbe.Sample before = probe.sample(metrics);
        // Warm up closed (a backlog of a cold cache's misses would only measure the backlog), then measure open.
        generator.closed("warm-" + impl, base, prefix, closed, Duration.ZERO, warm, workload);
        Stats.Snapshot s = generator.open("compare-" + impl, base, prefix, rate, o.connections, Duration.ofSeconds(2),
                dur, workload);
        ServerProbe.Sample after = probe.sample(metrics);
        Stats.Snapshot closedRun = generator.closed("saturate-" + impl, base, prefix, closed, Duration.ZERO, sat,
                workload);
        if (!f) {
            reset(impl);
        }
        report.log(String.format(Locale.ROOT, "%s: %.0f rps at offered %.0f, P99 %s ms, saturation %.0f rps", impl,
                s.perSecond(dur), rate, millis(s.all(), 99), closedRun.perSecond(sat)));
        return new Measured(s, ServerProbe.Change.between(before, after), after, closedRun.perSecond(sat));
    }

    /** Empties an alternative's caches ({@code POST /alt/{impl}/reset} on the bench app). */
    private void reset(String impl) {
        URI uri = o.bench.resolve("/alt/" + impl + "/reset");
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + uri + " answered " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("POST " + uri + " failed: " + e, e);
        }
    }
}
