package org.marketcache.bench.load;

import static org.marketcache.bench.load.Figures.millis;
import static org.marketcache.bench.load.Figures.number;
import static org.marketcache.bench.load.Figures.percent;
import static org.marketcache.bench.load.MarkdownTable.Column.numeric;
import static org.marketcache.bench.load.MarkdownTable.Column.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --plan ceiling}: how many requests per second HTTP allows on this machine, and how close the hot L1 key
 * comes to it. The same URL (the latest 500 1m candles of the most popular instrument) is answered by constant bytes
 * (the bench app, same Quarkus, same response code path), by the read function's L1, and by L3 directly, each in
 * the closed model. Constant bytes and the L1 hit alternate for {@code --ceiling-rounds} rounds so that a change in
 * what else runs on the machine hits both alike; the ratio uses the median round of each. Then the L1 hit's latency
 * in the open model at {@code --sustained-rate}, next to constant bytes at the same rate (the machine's floor).
 */
final class CeilingPhase extends Phase {
    static final String HOT_PATH = "/v1/candles/binance/BTC-USDT?timeframe=1m&limit=500";
    private static final RequestSource HOT = RequestSource.fixed("candles", HOT_PATH);

    /** What wrk measured: its own check of the HTTP ceiling. Latencies as wrk prints them, "ms" dropped. */
    record WrkResult(double requestsPerSecond, String p50, String p99) {
    }


    CeilingPhase(BenchRun run) {
        super(run);
    }

    @Override
    void run() throws IOException {
        report.section("HTTP ceiling and the hot L1 key");
        Duration dur = o.ceilingDuration;
        Duration warm = o.ceilingWarmup;
        int closed = o.closedConnections;
        int rounds = o.ceilingRounds;
        report.add("Same URL (`" + HOT_PATH + "`, latest 500 1m candles of the most popular instrument), closed model"
                + " with " + closed + " connections, " + dur.toSeconds() + " s each after " + warm.toSeconds()
                + " s warm-up.\n\n");
        report.add("Rounds alternate constant bytes and the L1 hit (" + rounds + " of each), so that a change in what"
                + " else runs on the machine hits both alike; the ratio uses the median round of each.\n\n");
        MarkdownTable table = new MarkdownTable(text("target"), numeric("round"), numeric("requests/s"),
                numeric("P50 ms"), numeric("P99 ms"), text("X-Cache"), numeric("MB/s"));
        List<Double> constant = new ArrayList<>();
        List<Double> l1 = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Stats.Snapshot cst = generator.closed("ceiling-constant-" + round, o.bench, "/const", closed, warm, dur,
                    HOT);
            row(table, "constant bytes (bench app, same Quarkus, same response code path)", round, cst, dur);
            constant.add(cst.perSecond(dur));
            int r = round;
            wrk(o.bench + "/const" + HOT_PATH, closed, dur).ifPresent(w -> table.add(
                    "constant bytes, measured by wrk instead (the generator's own ceiling check)", r,
                    number(w.requestsPerSecond()), w.p50(), w.p99(), "-", "-"));
            Stats.Snapshot hit = generator.closed("ceiling-l1-" + round, o.read, "", closed, warm, dur, HOT);
            row(table, "read function, L1 hit", round, hit, dur);
            l1.add(hit.perSecond(dur));
        }
        Stats.Snapshot l3 = generator.closed("ceiling-l3", o.bench, "/alt/l3", closed, warm, dur, HOT);
        row(table, "(a) same request read from L3 directly", 1, l3, dur);
        report.add(table);
        double c = median(constant);
        double f = median(l1);
        double d = l3.perSecond(dur);
        report.add("\n- L1 hit / constant bytes (medians): **" + percent(f / c) + "** (target ≥ 50%)\n");
        report.add("- L1 hit / L3 direct: **" + number(f / d) + "×** (target ≥ 20×)\n");
        double rate = o.sustainedRate;
        Stats.Snapshot open = generator.open("l1-open", o.read, "", rate, o.connections, warm, dur, HOT);
        report.add("- L1 hit through HTTP at " + (long) rate + " requests/s offered (open model): "
                + number(open.perSecond(dur)) + " requests/s served, P50 " + millis(open.all(), 50) + " ms, P99 **"
                + millis(open.all(), 99) + " ms** (target < 1 ms), P99.9 " + millis(open.all(), 99.9) + " ms, shed "
                + open.shed() + "\n");
        // The machine's own floor for that figure: the constant endpoint at the same rate, same generator.
        Stats.Snapshot constOpen = generator.open("const-open", o.bench, "/const", rate, o.connections, warm, dur, HOT);
        report.add("- constant bytes at the same rate (the floor this machine and generator allow): "
                + number(constOpen.perSecond(dur)) + " requests/s served, P50 " + millis(constOpen.all(), 50)
                + " ms, P99 **" + millis(constOpen.all(), 99) + " ms**, P99.9 " + millis(constOpen.all(), 99.9)
                + " ms, shed " + constOpen.shed() + "\n\n");
    }

    private static void row(MarkdownTable table, String name, int round, Stats.Snapshot s, Duration dur) {
        table.add(name, round, number(s.perSecond(dur)), millis(s.all(), 50), millis(s.all(), 99),
                s.tierCounts().keySet(), number(s.bytes() / 1e6 / (dur.toMillis() / 1000.0)));
    }

    /** wrk's figures for the same closed load, or empty when wrk is not installed or says nothing readable. */
    static Optional<WrkResult> wrk(String url, int connections, Duration dur) {
        try {
            Process p = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + dur.toSeconds() + "s", "--latency",
                    url).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return parseWrk(text);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static Optional<WrkResult> parseWrk(String text) {
        Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(text);
        Matcher p50 = Pattern.compile("\\s50%\\s+(\\S+)").matcher(text);
        Matcher p99 = Pattern.compile("\\s99%\\s+(\\S+)").matcher(text);
        if (!rps.find() || !p50.find() || !p99.find()) {
            return Optional.empty();
        }
        return Optional.of(new WrkResult(Double.parseDouble(rps.group(1)), p50.group(1).replace("ms", ""),
                p99.group(1).replace("ms", "")));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
