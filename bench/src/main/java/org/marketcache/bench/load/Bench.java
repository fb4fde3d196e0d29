package org.marketcache.bench.load;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.marketcache.marketdata.Instrument;
import org.marketcache.demo.SymbolProfile;

import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * The load test and the comparison, in one run, writing {@code report.md} and raw HdrHistogram logs
 * ({@code *.hlog}, microseconds) to {@code --out}. Started by {@code bench/run-comparison.sh}, which builds, seeds
 * and starts the servers; it can also be pointed at servers started by hand:
 *
 * <pre>
 * java -cp bench/target/classes:$(cat bench/target/bench.classpath) org.marketcache.bench.load.Bench \
 *     --read http://127.0.0.1:18080 --bench http://127.0.0.1:18081 --db mcbench --out bench/results/manual \
 *     --plan all
 * </pre>
 *
 * Plans: {@code ceiling} (HTTP ceiling, hot L1 key vs constant bytes vs L3 direct, L1 latency at the sustained
 * rate), {@code comparison} (a-f on the Zipf mix, same data, same request sequence), {@code sustained} (the read
 * function for {@code --sustained-minutes} at {@code --sustained-rate}, per-minute rows), {@code ingest} (reads
 * with the ingest stream), {@code all} (all four in that order).
 */
public final class Bench {
    static final String HOT_PATH = "/v1/candles/binance/BTC-USDT?timeframe=1m&limit=500";
    static final List<String> IMPLS = List.of("f", "l3", "caffeine", "redis", "redisson", "jetcache");
    static final Map<String, String> LABELS = Map.of("f", "(f) marketcache (read function)", "l3",
            "(a) L3 direct (no cache)", "caffeine", "(b) Quarkus @CacheResult, Caffeine only", "redis",
            "(c) Redis-only cache-aside", "redisson", "(d) Redisson RLocalCachedMap near cache", "jetcache",
            "(e) JetCache two-level (Caffeine + Redis)");

    final Map<String, String> args = new LinkedHashMap<>();
    final Vertx vertx;
    final HttpClient client;
    final NioEventLoopGroup loopGroup = new NioEventLoopGroup(1);
    final EventLoop loop = loopGroup.next();
    final ServerProbe probe;
    final Workload workload;
    final Path out;
    final StringBuilder report = new StringBuilder();
    final PrintStream log = System.out;

    Bench(String[] argv) throws IOException {
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + argv[i]);
            }
            args.put(argv[i].substring(2), argv[i + 1]);
        }
        out = Path.of(arg("out", "bench/results/manual"));
        Files.createDirectories(out);
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
                .setPreferNativeTransport(true));
        int connections = Integer.parseInt(arg("connections", "64"));
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setPipelining(false).setIdleTimeout(0), new PoolOptions().setHttp1MaxSize(connections)
                .setMaxWaitQueueSize(-1));
        probe = new ServerProbe(arg("pg", "jdbc:postgresql://127.0.0.1:5432/postgres"), arg("db", "mcbench"));
        workload = new Workload(Arrays.asList(arg("exchanges", "binance,okx,huobi").split(",")),
                Integer.parseInt(arg("symbols", "50")), Integer.parseInt(arg("days", "7")),
                Integer.parseInt(arg("trade-hours", "2")), Workload.Mix.parse(arg("mix", "60:20:15:5:0.8")));
    }

    String arg(String name, String def) {
        return args.getOrDefault(name, def);
    }

    long seconds(String name, String def) {
        String v = arg(name, def).trim();
        long mult = v.endsWith("ms") ? 1 : v.endsWith("m") ? 60_000 : 1000;
        String num = v.replaceAll("[^0-9.]", "");
        return (long) (Double.parseDouble(num) * mult);
    }

    public static void main(String[] argv) throws Exception {
        Bench b = new Bench(argv);
        try {
            b.runPlan();
        } finally {
            b.client.close();
            b.vertx.close();
            b.loopGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    void runPlan() throws IOException {
        String plan = arg("plan", "all");
        java.util.Set<String> phases = java.util.Set.of(plan.split(","));
        java.util.function.Predicate<String> runs = p -> phases.contains("all") || phases.contains(p);
        header(plan);
        if (runs.test("ceiling")) {
            ceiling();
        }
        if (runs.test("comparison")) {
            comparison();
        }
        if (runs.test("sustained")) {
            sustained();
        }
        if (runs.test("l2")) {
            secondPod();
        }
        if (runs.test("ingest")) {
            ingest();
        }
        report.append("\n_Machine load at the end: ").append(loadAverage()).append("_\n");
        Files.writeString(out.resolve("report.md"), report.toString(), StandardCharsets.UTF_8);
        log.println("report: " + out.resolve("report.md"));
    }

    // ---------------------------------------------------------------------------------------------------- phases

    void header(String plan) {
        report.append("# marketcache benchmark report\n\n");
        report.append("- started: ").append(Instant.now()).append("\n");
        report.append("- command: `").append(arg("command", "Bench " + String.join(" ", argsAsList()))).append("`\n");
        report.append("- plan: ").append(plan).append("; machine: ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores; load average at start: ").append(loadAverage()).append("\n");
        report.append("- data: demo market, exchanges ").append(arg("exchanges", "binance,okx,huobi")).append(" × ")
                .append(arg("symbols", "50")).append(" symbols, ").append(arg("days", "7"))
                .append(" days of 1m candles, ").append(arg("trade-hours", "2")).append(" h of trades; seeded by ")
                .append(arg("seeded-by", "?")).append("\n");
        report.append("- workload: Zipf over instruments (symbol exponent 1.1, exchange exponent 1.0); ")
                .append(workload.mix()).append("; 6 timeframes; seed ").append(arg("seed", "1")).append("\n");
        report.append("- generator: one Netty event loop, ").append(arg("connections", "64"))
                .append(" keep-alive connections; open model latencies are measured from each request's due time"
                        + " (coordinated omission corrected); closed model (`saturation`) latencies are service"
                        + " times\n");
        report.append("- server JVM flags (both servers): `").append(arg("server-flags", "")).append("`\n");
        report.append("- read function: ").append(arg("read", "")).append("; bench app (alternatives, constant"
                + " endpoint): ").append(arg("bench", "")).append("\n\n");
    }

    List<String> argsAsList() {
        List<String> l = new ArrayList<>();
        args.forEach((k, v) -> {
            if (!k.equals("command") && !k.equals("seeded-by") && !k.equals("server-flags")) {
                l.add("--" + k);
                l.add(v);
            }
        });
        return l;
    }

    void ceiling() throws IOException {
        section("HTTP ceiling and the hot L1 key (issue 3)");
        long dur = seconds("ceiling-duration", "20s");
        long warm = seconds("ceiling-warmup", "5s");
        URI read = URI.create(arg("read", "http://127.0.0.1:18080"));
        URI bench = URI.create(arg("bench", "http://127.0.0.1:18081"));
        int closed = Integer.parseInt(arg("closed-connections", "32"));
        report.append("Same URL (`").append(HOT_PATH).append("`, latest 500 1m candles of the most popular"
                + " instrument), closed model with ").append(closed).append(" connections, ").append(dur / 1000)
                .append(" s each after ").append(warm / 1000).append(" s warm-up.\n\n");
        int rounds = Integer.parseInt(arg("ceiling-rounds", "3"));
        report.append("Rounds alternate constant bytes and the L1 hit (").append(rounds).append(" of each), so that"
                + " a change in what else runs on the machine hits both alike; the ratio uses the median"
                + " round of each.\n\n");
        report.append("| target | round | requests/s | P50 ms | P99 ms | X-Cache | MB/s |\n"
                + "|---|---:|---:|---:|---:|---|---:|\n");
        List<Double> constant = new ArrayList<>();
        List<Double> l1 = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Stats.Snapshot cst = run("ceiling-constant-" + round, bench, "/const", 0, closed, warm, dur,
                    RequestSource.fixed("candles", HOT_PATH), null);
            ceilingRow("constant bytes (bench app, same Quarkus, same response code path)", round, cst, dur);
            constant.add(rps(cst, dur));
            String wrk = wrk(bench + "/const" + HOT_PATH, closed, dur);
            if (wrk != null) {
                report.append("| constant bytes, measured by wrk instead (the generator's own ceiling check) | ")
                        .append(round).append(" | ").append(wrk).append(" |\n");
            }
            Stats.Snapshot hit = run("ceiling-l1-" + round, read, "", 0, closed, warm, dur,
                    RequestSource.fixed("candles", HOT_PATH), null);
            ceilingRow("read function, L1 hit", round, hit, dur);
            l1.add(rps(hit, dur));
        }
        Stats.Snapshot l3 = run("ceiling-l3", bench, "/alt/l3", 0, closed, warm, dur, RequestSource.fixed("candles",
                HOT_PATH), null);
        ceilingRow("(a) same request read from L3 directly", 1, l3, dur);
        double c = median(constant);
        double f = median(l1);
        double d = rps(l3, dur);
        report.append("\n- L1 hit / constant bytes (medians): **").append(pct(f / c)).append("** (target ≥ 50%)\n");
        report.append("- L1 hit / L3 direct: **").append(fmt(f / d)).append("×** (target ≥ 20×)\n");
        double rate = Double.parseDouble(arg("sustained-rate", "10000"));
        Stats.Snapshot open = run("l1-open", read, "", rate, Integer.parseInt(arg("connections", "64")), warm, dur,
                RequestSource.fixed("candles", HOT_PATH), null);
        report.append("- L1 hit through HTTP at ").append((long) rate).append(" requests/s offered (open model): ")
                .append(fmt(rps(open, dur))).append(" requests/s served, P50 ").append(ms(open.all(), 50))
                .append(" ms, P99 **").append(ms(open.all(), 99)).append(" ms** (target < 1 ms), P99.9 ")
                .append(ms(open.all(), 99.9)).append(" ms, shed ").append(open.shed()).append("\n");
        // The machine's own floor for that figure: the constant endpoint at the same rate, same generator.
        Stats.Snapshot constOpen = run("const-open", bench, "/const", rate, Integer.parseInt(arg("connections", "64")),
                warm, dur, RequestSource.fixed("candles", HOT_PATH), null);
        report.append("- constant bytes at the same rate (the floor this machine and generator allow): ")
                .append(fmt(rps(constOpen, dur))).append(" requests/s served, P50 ").append(ms(constOpen.all(), 50))
                .append(" ms, P99 **").append(ms(constOpen.all(), 99)).append(" ms**, P99.9 ")
                .append(ms(constOpen.all(), 99.9)).append(" ms, shed ").append(constOpen.shed()).append("\n\n");
    }

    /** {@code requests/s | P50 | P99 | - | -} from wrk, or null when wrk is not installed. */
    String wrk(String url, int connections, long durMs) {
        try {
            Process p = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + durMs / 1000 + "s", "--latency", url)
                    .redirectErrorStream(true).start();
            String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            java.util.regex.Matcher rps = java.util.regex.Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(outText);
            java.util.regex.Matcher p50 = java.util.regex.Pattern.compile("\\s50%\\s+(\\S+)").matcher(outText);
            java.util.regex.Matcher p99 = java.util.regex.Pattern.compile("\\s99%\\s+(\\S+)").matcher(outText);
            if (!rps.find() || !p50.find() || !p99.find()) {
                return null;
            }
            return fmt(Double.parseDouble(rps.group(1))) + " | " + p50.group(1).replace("ms", "") + " | "
                    + p99.group(1).replace("ms", "") + " | - | -";
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static double median(List<Double> v) {
        List<Double> sorted = new ArrayList<>(v);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }

    void ceilingRow(String name, int round, Stats.Snapshot s, long durMs) {
        report.append("| ").append(name).append(" | ").append(round).append(" | ").append(fmt(rps(s, durMs))).append(" | ").append(ms(s.all(), 50))
                .append(" | ").append(ms(s.all(), 99)).append(" | ").append(s.tierCounts().keySet()).append(" | ")
                .append(fmt(s.bytes() / 1e6 / (durMs / 1000.0))).append(" |\n");
    }

    void comparison() throws IOException {
        section("Comparison on the Zipf mix: same data, same request sequence, one run");
        double rate = Double.parseDouble(arg("rate", "5000"));
        long warm = seconds("warmup", "20s");
        long dur = seconds("duration", "30s");
        long sat = seconds("saturation", "20s");
        int closed = Integer.parseInt(arg("closed-connections", "32"));
        URI read = URI.create(arg("read", "http://127.0.0.1:18080"));
        URI bench = URI.create(arg("bench", "http://127.0.0.1:18081"));
        report.append("Each implementation starts cold (its caches emptied), gets ").append(warm / 1000)
                .append(" s of the same workload unrecorded (closed model, ").append(closed)
                .append(" connections, so a cold cache's misses do not pile up into a backlog), then ").append(dur / 1000).append(" s measured at ")
                .append((long) rate).append(" requests/s offered (open model), then ").append(sat / 1000)
                .append(" s closed model with ").append(closed).append(" connections (most requests/s). "
                        + "Hit rates are shares of requests by `X-Cache`; *no DB* is the share of requests that did"
                        + " not touch the database (no `l3` in `Server-Timing`). DB tx/s from `pg_stat_database`;"
                        + " heap from the serving process's `/q/metrics` at the end of the measured part.\n\n");
        List<String> impls = Arrays.asList(arg("impls", String.join(",", IMPLS)).split(","));
        Map<String, Stats.Snapshot> open = new LinkedHashMap<>();
        Map<String, Double> saturation = new LinkedHashMap<>();
        Map<String, double[]> server = new LinkedHashMap<>();
        for (String impl : impls) {
            boolean f = impl.equals("f");
            URI base = f ? read : bench;
            String prefix = f ? "" : "/alt/" + impl;
            if (!f) {
                post(bench.resolve("/alt/" + impl + "/reset"));
            }
            String metrics = base.resolve("/q/metrics").toString();
            ServerProbe.Sample before = probe.sample(metrics);
            // Warm up closed (a backlog of a cold cache's misses would only measure the backlog), then measure open.
            run("warm-" + impl, base, prefix, 0, closed, 0, warm, workload, null);
            Stats.Snapshot s = run("compare-" + impl, base, prefix, rate, Integer.parseInt(arg("connections", "64")),
                    2_000, dur, workload, null);
            ServerProbe.Sample after = probe.sample(metrics);
            open.put(impl, s);
            double secs = (after.atNanos() - before.atNanos()) / 1e9;
            double l1Keys = after.gets("l1", "hit") - before.gets("l1", "hit");
            double l1Miss = after.gets("l1", "miss") - before.gets("l1", "miss");
            double l2Keys = after.gets("l2", "hit") - before.gets("l2", "hit");
            double l2Errors = after.gets("l2", "error") - before.gets("l2", "error");
            server.put(impl, new double[] {(after.transactions() - before.transactions()) / secs, after.heapUsed(),
                after.heapMax(), l1Keys, l1Miss, l2Keys, l2Errors, after.heapRetained()});
            Stats.Snapshot closedRun = run("saturate-" + impl, base, prefix, 0, closed, 0, sat, workload, null);
            saturation.put(impl, rps(closedRun, sat));
            if (!f) {
                post(bench.resolve("/alt/" + impl + "/reset"));
            }
            log.printf(Locale.ROOT, "%s: %.0f rps at offered %.0f, P99 %s ms, saturation %.0f rps%n", impl,
                    rps(s, dur), rate, ms(s.all(), 99), rps(closedRun, sat));
        }
        Stats.Snapshot fs = open.get("f");
        Double fsat = saturation.get("f");
        report.append("| implementation | served req/s (offered ").append((long) rate).append(") | P50 ms | P95 ms |"
                + " P99 ms | P99.9 ms | L1 | L2 | no DB | DB tx/s | heap used (retained) / max | saturation req/s"
                + " | ×(f)"
                + " saturation | ×(f) P99 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String impl : impls) {
            Stats.Snapshot s = open.get(impl);
            double[] sv = server.get(impl);
            report.append("| ").append(LABELS.getOrDefault(impl, impl)).append(" | ").append(fmt(rps(s, dur)))
                    .append(s.shed() > 0 ? " (shed " + s.shed() + ")" : "").append(" | ")
                    .append(ms(s.all(), 50)).append(" | ").append(ms(s.all(), 95)).append(" | ")
                    .append(ms(s.all(), 99)).append(" | ").append(ms(s.all(), 99.9)).append(" | ")
                    .append(pct(s.share("L1"))).append(" | ").append(pct(s.share("L2"))).append(" | ")
                    .append(pct(s.hitRate())).append(" | ").append(fmt(sv[0])).append(" | ")
                    .append(mb(sv[1])).append(" (").append(mb(sv[7])).append(") / ").append(mb(sv[2])).append(" | ")
                    .append(fmt(saturation.get(impl))).append(" | ")
                    .append(fsat == null ? "" : fmt(saturation.get(impl) / fsat)).append(" | ")
                    .append(fs == null ? "" : fmt(Stats.Snapshot.ms(s.all(), 99) / Stats.Snapshot.ms(fs.all(), 99)))
                    .append(" |\n");
        }
        if (fs != null) {
            double[] sv = server.get("f");
            double lookups = sv[3] + sv[4];
            report.append("\n(f) by cache key (server metrics `cache.gets`, chunks and snapshots): L1 hit rate **")
                    .append(pct(lookups == 0 ? 0 : sv[3] / lookups)).append("** of ").append(fmt(lookups))
                    .append(" key lookups; L2 hits ").append(fmt(sv[5])).append(" (they include the L2 reads of"
                            + " background refreshes, so they are not a share of the L1 misses);"
                            + " L2 errors (timeouts, pool exhausted, breaker open): ")
                    .append(fmt(sv[6])).append(".\n");
        }
        report.append("\nPer endpoint and answering tier (open-model part):\n\n");
        report.append("| implementation | endpoint / X-Cache | requests | P50 ms | P95 ms | P99 ms | P99.9 ms |\n"
                + "|---|---|---:|---:|---:|---:|---:|\n");
        for (String impl : impls) {
            for (Map.Entry<String, Histogram> e : open.get(impl).byEndpointTier().entrySet()) {
                Histogram h = e.getValue();
                report.append("| ").append(impl).append(" | ").append(e.getKey()).append(" | ")
                        .append(h.getTotalCount()).append(" | ").append(percentileCells(h));
            }
        }
        report.append('\n');
    }

    void sustained() throws IOException {
        double rate = Double.parseDouble(arg("sustained-rate", "10000"));
        long minutes = Long.parseLong(arg("sustained-minutes", "5"));
        long interval = seconds("sustained-interval", "60s");
        long warm = seconds("sustained-warmup", "20s");
        section("Sustained: " + (long) rate + " requests/s for " + minutes + " min on the Zipf mix (read function)");
        URI read = URI.create(arg("read", "http://127.0.0.1:18080"));
        String metrics = read.resolve("/q/metrics").toString();
        report.append("Per interval of ").append(interval / 1000).append(" s. Hit rates by request (`X-Cache`);"
                + " key-level hit rates from the server's `cache.gets`; heap from `/q/metrics` at the end of each"
                + " interval: used (eden included, which fills up before every young collection) and retained"
                + " (outside eden: survivors and old generation).\n\n");
        report.append("| min | served req/s | P50 ms | P95 ms | P99 ms | P99.9 ms | L1 P95 ms | L2 P95 ms | L1 req"
                + " | no DB req | L1 key hit | DB tx/s | heap used (retained) / max | shed | errors |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        ServerProbe.Sample[] last = {probe.sample(metrics)};
        int[] row = {0};
        List<Double> heapShares = new ArrayList<>();
        List<Double> retainedShares = new ArrayList<>();
        Stats.Snapshot total = run("sustained", read, "", rate, Integer.parseInt(arg("connections", "64")), warm,
                minutes * 60_000, workload, snap -> {
                    ServerProbe.Sample now = probe.sample(metrics);
                    ServerProbe.Sample prev = last[0];
                    last[0] = now;
                    double secs = (now.atNanos() - prev.atNanos()) / 1e9;
                    double l1h = now.gets("l1", "hit") - prev.gets("l1", "hit");
                    double l1m = now.gets("l1", "miss") - prev.gets("l1", "miss");
                    heapShares.add(now.heapShare());
                    retainedShares.add(now.retainedShare());
                    Histogram l1 = snap.byTier().get("L1");
                    Histogram l2 = snap.byTier().get("L2");
                    String line = String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |"
                            + " %s | %s (%s) / %s | %d | %d |", ++row[0], fmt(snap.count() / (interval / 1000.0)),
                            ms(snap.all(), 50), ms(snap.all(), 95), ms(snap.all(), 99), ms(snap.all(), 99.9),
                            l1 == null ? "-" : ms(l1, 95), l2 == null ? "-" : ms(l2, 95), pct(snap.share("L1")),
                            pct(snap.hitRate()), pct(l1h + l1m == 0 ? 0 : l1h / (l1h + l1m)),
                            fmt((now.transactions() - prev.transactions()) / secs), mb(now.heapUsed()),
                            mb(now.heapRetained()), mb(now.heapMax()), snap.shed(), snap.errors());
                    synchronized (report) {
                        report.append(line).append('\n');
                    }
                    log.println(line);
                });
        ServerProbe.Sample end = probe.sample(metrics);
        report.append("\nWhole run: ").append(fmt(total.count() / (minutes * 60.0))).append(" requests/s served, P50 ")
                .append(ms(total.all(), 50)).append(" / P95 ").append(ms(total.all(), 95)).append(" / P99 ")
                .append(ms(total.all(), 99)).append(" / P99.9 ").append(ms(total.all(), 99.9)).append(" ms; ")
                .append(total.shed()).append(" shed, ").append(total.errors()).append(" errors; ")
                .append(fmt(total.bytes() / 1e6 / (minutes * 60.0))).append(" MB/s of responses.\n\n");
        report.append("| endpoint / X-Cache | requests | share | P50 ms | P95 ms | P99 ms | P99.9 ms |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Histogram> e : total.byEndpointTier().entrySet()) {
            Histogram h = e.getValue();
            report.append("| ").append(e.getKey()).append(" | ").append(h.getTotalCount()).append(" | ")
                    .append(pct((double) h.getTotalCount() / Math.max(1, total.count()))).append(" | ")
                    .append(percentileCells(h));
        }
        // The same mix below saturation, on the now warm server: latencies are service times, not a queue.
        double moderateRate = Double.parseDouble(arg("moderate-rate", "3000"));
        long moderateMs = seconds("moderate-duration", "30s");
        Stats.Snapshot moderate = run("moderate", read, "", moderateRate, Integer.parseInt(arg("connections", "64")),
                0, moderateMs, workload, null);
        report.append("\nThe same mix at ").append((long) moderateRate).append(" requests/s offered for ")
                .append(moderateMs / 1000).append(" s right after (server warm, below saturation): ")
                .append(fmt(moderate.count() / (moderateMs / 1000.0))).append(" requests/s served, ")
                .append(moderate.errors()).append(" errors.\n\n| X-Cache | requests | P50 ms | P95 ms | P99 ms |"
                        + " P99.9 ms |\n|---|---:|---:|---:|---:|---:|\n");
        histogramRows(moderate.byTier());
        Histogram l1 = total.byTier().get("L1");
        Histogram l2 = total.byTier().get("L2");
        Histogram l1Moderate = moderate.byTier().get("L1");
        Histogram l2Moderate = moderate.byTier().get("L2");
        double maxHeap = heapShares.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).max()
                .orElse(Double.NaN);
        double maxRetained = retainedShares.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d))
                .max().orElse(Double.NaN);
        report.append("\n### The task card's minimums, from this run\n\n| figure | target | measured | met |\n"
                + "|---|---|---|---|\n");
        target("L1 P95 (requests answered from L1, through HTTP), at " + (long) rate + " offered", "< 1 ms", l1 == null ? Double.NaN
                : Stats.Snapshot.ms(l1, 95), v -> v < 1, " ms");
        target("L2 P95 (requests answered from L2, through HTTP), at " + (long) rate + " offered",
                "< 10 ms (issue 3: < 2 ms)", l2 == null
                ? Double.NaN : Stats.Snapshot.ms(l2, 95), v -> v < 10, " ms");
        target("L1 P95 at " + (long) moderateRate + " requests/s (below saturation)", "< 1 ms",
                l1Moderate == null ? Double.NaN : Stats.Snapshot.ms(l1Moderate, 95), v -> v < 1, " ms");
        target("L2 P95 at " + (long) moderateRate + " requests/s (below saturation)", "< 10 ms (issue 3: < 2 ms)",
                l2Moderate == null ? Double.NaN : Stats.Snapshot.ms(l2Moderate, 95), v -> v < 10, " ms");
        target("overall hit rate (requests that did not touch the database)", "> 85% (issue 3: ≥ 95%)",
                100 * total.hitRate(), v -> v > 85, "%");
        target("L1 hit rate (requests answered from L1 alone)", "> 70%", 100 * total.share("L1"), v -> v > 70, "%");
        target("requests/s served", "10,000+", total.count() / (minutes * 60.0), v -> v >= 10_000, "");
        target("heap retained / max (outside eden; highest per-minute sample)", "< 80%", 100 * maxRetained,
                v -> v < 80, "%");
        target("heap used / max, eden's uncollected garbage included (highest per-minute sample)", "< 80%",
                100 * maxHeap, v -> v < 80, "%");
        report.append("\nServer heap at the end: ").append(mb(end.heapUsed())).append(" used, ")
                .append(mb(end.heapRetained())).append(" retained, of ").append(mb(end.heapMax()))
                .append(".\n\n");
    }

    void target(String name, String target, double v, java.util.function.DoublePredicate ok, String unit) {
        report.append("| ").append(name).append(" | ").append(target).append(" | ").append(fmt(v)).append(unit)
                .append(" | ").append(Double.isNaN(v) ? "not measured" : ok.test(v) ? "yes" : "**no**").append(" |\n");
    }

    /**
     * L2 hits through HTTP: a second read-function process (another pod) sharing the first one's Redis. Everything
     * pod A has loaded is in L2; pod B starts with an empty L1, so its first request for each key is an L2 hit.
     */
    void secondPod() throws IOException {
        String podB = arg("read-b", "");
        section("L2 through HTTP: a second pod on the same Redis");
        if (podB.isBlank()) {
            report.append("Not run: no second read function was given (`--read-b`).\n\n");
            return;
        }
        URI a = URI.create(arg("read", "http://127.0.0.1:18080"));
        URI b = URI.create(podB);
        double rate = Double.parseDouble(arg("l2-rate", "500"));
        long warm = seconds("l2-warmup", "30s");
        long dur = seconds("l2-duration", "20s");
        // Pod A fills L2 at the same modest open rate: flooding it would open its Redis breaker and drop the fills.
        run("l2-fill-pod-a", a, "", rate, Integer.parseInt(arg("connections", "64")), 0, warm, workload, null);
        ServerProbe.Sample before = probe.sample(b.resolve("/q/metrics").toString());
        // Pod B closed with a few connections: its latencies are service times (a cold pod in an open model at
        // any rate it cannot yet serve measures the backlog of its first, interpreted seconds instead of L2).
        int podBConnections = Integer.parseInt(arg("l2-connections", "4"));
        Stats.Snapshot s = run("l2-pod-b", b, "", 0, podBConnections, 0, dur, workload, null);
        ServerProbe.Sample after = probe.sample(b.resolve("/q/metrics").toString());
        double l1h = after.gets("l1", "hit") - before.gets("l1", "hit");
        double l1m = after.gets("l1", "miss") - before.gets("l1", "miss");
        double l2h = after.gets("l2", "hit") - before.gets("l2", "hit");
        double l2e = after.gets("l2", "error") - before.gets("l2", "error");
        report.append("Pod A (").append(a).append(") ran the Zipf mix for ").append(warm / 1000).append(" s at ")
                .append((long) rate).append(" requests/s to fill L2; then pod B (").append(b).append(", started with"
                + " the run, never asked before) got the same request sequence for ").append(dur / 1000)
                .append(" s, closed model with ").append(podBConnections).append(" connections (service times, no"
                + " queue), from its first request on: its JIT is cold too.\n\n");
        report.append("| pod B, X-Cache | requests | P50 ms | P95 ms | P99 ms | P99.9 ms |\n|---|---:|---:|---:|---:|---:|\n");
        histogramRows(s.byTier());
        Histogram l2 = s.byTier().get("L2");
        report.append("\n- L2-answered requests through HTTP: P95 **").append(l2 == null ? "-" : ms(l2, 95))
                .append(" ms** (card: < 10 ms; issue 3: < 2 ms), P50 ").append(l2 == null ? "-" : ms(l2, 50))
                .append(" ms; pod B served ").append(fmt(rps(s, dur))).append(" requests/s\n");
        report.append("- pod B by key: L1 ").append(fmt(l1h)).append(" hits / ").append(fmt(l1m))
                .append(" misses, L2 ").append(fmt(l2h)).append(" hits, ").append(fmt(l2e))
                .append(" L2 errors\n\n");
    }

    void ingest() throws IOException {
        section("Reads with an ingest stream");
        String url = arg("ingest-url", "");
        URI read = URI.create(arg("read", "http://127.0.0.1:18080"));
        double rate = Double.parseDouble(arg("ingest-read-rate", "5000"));
        long dur = seconds("ingest-duration", "60s");
        boolean stub = url.isBlank();
        URI target = stub ? URI.create(arg("bench", "http://127.0.0.1:18081")).resolve("/stub/v1/ingest/candles")
                : URI.create(url);
        List<Instrument> top = workload.instruments().subList(0, Math.min(20, workload.instruments().size()));
        Map<Instrument, SymbolProfile> profiles = new LinkedHashMap<>();
        List<SymbolProfile> catalogue = SymbolProfile.catalogue(Integer.parseInt(arg("symbols", "50")), 42);
        for (Instrument in : top) {
            for (SymbolProfile p : catalogue) {
                if (p.symbol().equals(in.symbol())) {
                    profiles.put(in, p);
                }
            }
        }
        IngestStream stream = new IngestStream(vertx, client, target, arg("ingest-token", "bench"), top, profiles,
                Double.parseDouble(arg("ingest-batches-per-second", "10")));
        if (stub) {
            report.append("The ingest function (issue 4) was not given (`--ingest-url`): the stream ran against the"
                    + " bench app's stub, which only checks the contract (token, JSON shape) and discards the"
                    + " candles. The reads below are therefore **not** a mixed run; they show the stream works.\n\n");
        }
        stream.start();
        Stats.Snapshot s = run("ingest-reads", read, "", rate, Integer.parseInt(arg("connections", "64")), 5_000,
                dur, workload, null);
        stream.stop();
        report.append("- ingest stream → ").append(target).append(": ").append(stream.summary()).append("\n");
        report.append("- reads at ").append((long) rate).append(" requests/s offered: ").append(fmt(rps(s, dur)))
                .append(" served, P50 ").append(ms(s.all(), 50)).append(" / P99 ").append(ms(s.all(), 99))
                .append(" / P99.9 ").append(ms(s.all(), 99.9)).append(" ms; L1 ").append(pct(s.share("L1")))
                .append(", no DB ").append(pct(s.hitRate())).append(", errors ").append(s.errors()).append("\n\n");
    }

    // --------------------------------------------------------------------------------------------------- helpers

    Stats.Snapshot run(String name, URI base, String prefix, double rate, int connections, long warmMs, long durMs,
            RequestSource source, java.util.function.Consumer<Stats.Snapshot> onInterval) throws IOException {
        log.printf(Locale.ROOT, "[%s] %s%s %s, %d s + %d s warm-up%n", name, base, prefix,
                rate > 0 ? (long) rate + " req/s open" : connections + " connections closed", durMs / 1000,
                warmMs / 1000);
        LoadRun.Options o = new LoadRun.Options(base.getHost(), base.getPort(), prefix, rate, connections, warmMs,
                durMs, Integer.parseInt(arg("max-inflight", "2048")), onInterval == null ? 0
                        : seconds("sustained-interval", "60s"), Long.parseLong(arg("seed", "1")));
        Stats.Snapshot s = LoadRun.run(loop, source, o, onInterval);
        writeLog(name, s);
        return s;
    }

    void writeLog(String name, Stats.Snapshot s) throws IOException {
        try (FileOutputStream fo = new FileOutputStream(out.resolve(name + ".hlog").toFile());
                PrintStream ps = new PrintStream(fo, true, StandardCharsets.UTF_8)) {
            HistogramLogWriter w = new HistogramLogWriter(ps);
            w.outputComment("marketcache bench, phase " + name + ", latencies in microseconds; one histogram per"
                    + " tag (all, endpoint, tier, endpoint+tier)");
            w.outputLogFormatVersion();
            w.outputLegend();
            put(w, "all", s.all());
            s.byEndpoint().forEach((k, h) -> put(w, k, h));
            s.byTier().forEach((k, h) -> put(w, "tier=" + k, h));
            s.byEndpointTier().forEach((k, h) -> put(w, k.replace(' ', '/'), h));
        }
    }

    static void put(HistogramLogWriter w, String tag, Histogram h) {
        Histogram c = h.copy();
        c.setTag(tag.replaceAll("[\\s,]", "_"));
        c.setStartTimeStamp(0);
        c.setEndTimeStamp(1);
        w.outputIntervalHistogram(c);
    }

    void post(URI uri) {
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            var r = http.send(java.net.http.HttpRequest.newBuilder(uri).POST(
                    java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + uri + " answered " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("POST " + uri + " failed: " + e, e);
        }
    }

    void section(String title) {
        report.append("## ").append(title).append("\n\n");
        log.println("== " + title);
    }

    static double rps(Stats.Snapshot s, long durMs) {
        return s.count() / (durMs / 1000.0);
    }

    /** One table row per entry: name | requests | P50 | P95 | P99 | P99.9 (ms). */
    void histogramRows(Map<String, Histogram> rows) {
        for (Map.Entry<String, Histogram> e : rows.entrySet()) {
            Histogram h = e.getValue();
            report.append("| ").append(e.getKey()).append(" | ").append(h.getTotalCount()).append(" | ")
                    .append(percentileCells(h));
        }
    }

    /** The last cells of a latency row: P50 | P95 | P99 | P99.9 (ms), and the end of the row. */
    static String percentileCells(Histogram h) {
        return ms(h, 50) + " | " + ms(h, 95) + " | " + ms(h, 99) + " | " + ms(h, 99.9) + " |\n";
    }

    static String ms(Histogram h, double p) {
        return fmt(Stats.Snapshot.ms(h, p));
    }

    static String fmt(Double v) {
        if (v == null || Double.isNaN(v) || Double.isInfinite(v)) {
            return "-";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    static String mb(double bytes) {
        return Double.isNaN(bytes) || bytes <= 0 ? "-" : String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
