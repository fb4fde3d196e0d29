package org.marketcache.bench.load;

import static org.marketcache.bench.load.Figures.megabytes;
import static org.marketcache.bench.load.Figures.millis;
import static org.marketcache.bench.load.Figures.number;
import static org.marketcache.bench.load.Figures.percent;
import static org.marketcache.bench.load.MarkdownTable.Column.numeric;
import static org.marketcache.bench.load.MarkdownTable.Column.text;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoublePredicate;

import org.HdrHistogram.Histogram;

/**
 * {@code --plan sustained}: the read function at {@code --sustained-rate} for {@code --sustained-minutes} on the Zipf
 * mix, one report row per {@code --sustained-interval} (latencies, hit rates, database transactions and heap sampled
 * from the server at the end of each interval); then the same mix at {@code --moderate-rate}, below saturation on the
 * now warm server, where latencies are service times rather than a queue; then the minimums the project set, each
 * with its measured value.
 */
final class SustainedPhase extends Phase {

    SustainedPhase(BenchRun run) {
        super(run);
    }

    /**
     * The per-interval rows, written on the generator's reporting thread while the run goes on: each compares the
     * server's sample with the one before, and keeps the heap shares for the minimums.
     */
    private final class Intervals implements Consumer<Stats.Snapshot> {
        private final String metrics;
        private final Duration interval;
        private final MarkdownTable table = new MarkdownTable(numeric("min"), numeric("served req/s"),
                numeric("P50 ms"), numeric("P95 ms"), numeric("P99 ms"), numeric("P99.9 ms"), numeric("L1 P95 ms"),
                numeric("L2 P95 ms"), numeric("L1 req"), numeric("no DB req"), numeric("L1 key hit"),
                numeric("DB tx/s"), numeric("heap used (retained) / max"), numeric("shed"), numeric("errors"));
        private final List<Double> heapShares = new ArrayList<>();
        private final List<Double> retainedShares = new ArrayList<>();
        private ServerProbe.Sample last;
        private int row;

        Intervals(String metrics, Duration interval) {
            this.metrics = metrics;
            this.interval = interval;
            this.last = probe.sample(metrics);
        }

        @Override
        public void accept(Stats.Snapshot snap) {
            ServerProbe.Sample now = probe.sample(metrics);
            ServerProbe.Change change = ServerProbe.Change.between(last, now);
            last = now;
            heapShares.add(now.heapShare());
            retainedShares.add(now.retainedShare());
            Histogram l1 = snap.byTier().get("L1");
            Histogram l2 = snap.byTier().get("L2");
            String line = table.add(++row, number(snap.perSecond(interval)), millis(snap.all(), 50),
                    millis(snap.all(), 95), millis(snap.all(), 99), millis(snap.all(), 99.9),
                    l1 == null ? "-" : millis(l1, 95), l2 == null ? "-" : millis(l2, 95), percent(snap.share("L1")),
                    percent(snap.hitRate()), percent(change.l1HitRate()), number(change.transactionsPerSecond()),
                    megabytes(now.heapUsed()) + " (" + megabytes(now.heapRetained()) + ") / "
                            + megabytes(now.heapMax()), snap.shed(), snap.errors());
            report.log(line);
        }

        double highest(List<Double> shares) {
            return shares.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).max()
                    .orElse(Double.NaN);
        }
    }

    @Override
    void run() throws IOException {
        double rate = o.sustainedRate;
        long minutes = o.sustainedMinutes;
        Duration interval = o.sustainedInterval;
        Duration whole = Duration.ofMinutes(minutes);
        report.section("Sustained: " + (long) rate + " requests/s for " + minutes + " min on the Zipf mix (read"
                + " function)");
        String metrics = o.read.resolve("/q/metrics").toString();
        report.add("Per interval of " + interval.toSeconds() + " s. Hit rates by request (`X-Cache`); key-level hit"
                + " rates from the server's `cache.gets`; heap from `/q/metrics` at the end of each interval: used"
                + " (eden included, which fills up before every young collection) and retained (outside eden:"
                + " survivors and old generation).\n\n");
        Intervals intervals = new Intervals(metrics, interval);
        Stats.Snapshot total = generator.open("sustained", o.read, "", rate, o.connections, o.sustainedWarmup, whole,
                workload, interval, intervals);
        report.add(intervals.table);
        ServerProbe.Sample end = probe.sample(metrics);
        report.add("\nWhole run: " + number(total.perSecond(whole)) + " requests/s served, P50 "
                + millis(total.all(), 50) + " / P95 " + millis(total.all(), 95) + " / P99 " + millis(total.all(), 99)
                + " / P99.9 " + millis(total.all(), 99.9) + " ms; " + total.shed() + " shed, " + total.errors()
                + " errors; " + number(total.bytes() / 1e6 / (minutes * 60.0)) + " MB/s of responses.\n\n");
        MarkdownTable byTier = new MarkdownTable(text("endpoint / X-Cache"), numeric("requests"), numeric("share"),
                numeric("P50 ms"), numeric("P95 ms"), numeric("P99 ms"), numeric("P99.9 ms"));
        for (Map.Entry<String, Histogram> e : total.byEndpointTier().entrySet()) {
            Histogram h = e.getValue();
            byTier.add(Figures.withPercentiles(h, e.getKey(), h.getTotalCount(),
                    percent((double) h.getTotalCount() / Math.max(1, total.count()))));
        }
        report.add(byTier);
        // The same mix below saturation, on the now warm server: latencies are service times, not a queue.
        double moderateRate = o.moderateRate;
        Duration moderateDuration = o.moderateDuration;
        Stats.Snapshot moderate = generator.open("moderate", o.read, "", moderateRate, o.connections, Duration.ZERO,
                moderateDuration, workload);
        report.add("\nThe same mix at " + (long) moderateRate + " requests/s offered for "
                + moderateDuration.toSeconds() + " s right after (server warm, below saturation): "
                + number(moderate.perSecond(moderateDuration)) + " requests/s served, " + moderate.errors()
                + " errors.\n\n");
        report.add(Figures.latencyByTier("X-Cache", moderate.byTier()));
        Histogram l1 = total.byTier().get("L1");
        Histogram l2 = total.byTier().get("L2");
        Histogram l1Moderate = moderate.byTier().get("L1");
        Histogram l2Moderate = moderate.byTier().get("L2");
        report.add("\n### The minimums (latency, hit rates, rate, memory), from this run\n\n");
        MarkdownTable targets = new MarkdownTable(text("figure"), text("target"), text("measured"), text("met"));
        target(targets, "L1 P95 (requests answered from L1, through HTTP), at " + (long) rate + " offered", "< 1 ms",
                p95(l1), v -> v < 1, " ms");
        target(targets, "L2 P95 (requests answered from L2, through HTTP), at " + (long) rate + " offered",
                "< 10 ms (read-path target: < 2 ms)", p95(l2), v -> v < 10, " ms");
        target(targets, "L1 P95 at " + (long) moderateRate + " requests/s (below saturation)", "< 1 ms",
                p95(l1Moderate), v -> v < 1, " ms");
        target(targets, "L2 P95 at " + (long) moderateRate + " requests/s (below saturation)",
                "< 10 ms (read-path target: < 2 ms)", p95(l2Moderate), v -> v < 10, " ms");
        target(targets, "overall hit rate (requests that did not touch the database)", "> 85% (read-path target: ≥ 95%)",
                100 * total.hitRate(), v -> v > 85, "%");
        target(targets, "L1 hit rate (requests answered from L1 alone)", "> 70%", 100 * total.share("L1"),
                v -> v > 70, "%");
        target(targets, "requests/s served", "10,000+", total.perSecond(whole), v -> v >= 10_000, "");
        target(targets, "heap retained / max (outside eden; highest per-minute sample)", "< 80%",
                100 * intervals.highest(intervals.retainedShares), v -> v < 80, "%");
        target(targets, "heap used / max, eden's uncollected garbage included (highest per-minute sample)", "< 80%",
                100 * intervals.highest(intervals.heapShares), v -> v < 80, "%");
        report.add(targets);
        report.add("\nServer heap at the end: " + megabytes(end.heapUsed()) + " used, "
                + megabytes(end.heapRetained()) + " retained, of " + megabytes(end.heapMax()) + ".\n\n");
    }

    private static double p95(Histogram h) {
        return h == null ? Double.NaN : Stats.Snapshot.ms(h, 95);
    }

    private static void target(MarkdownTable table, String figure, String target, double value, DoublePredicate met,
            String unit) {
        table.add(figure, target, number(value) + unit,
                Double.isNaN(value) ? "not measured" : met.test(value) ? "yes" : "**no**");
    }
}
