package org.marketcache.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class BenchCommandLineTest {

    private static BenchOptions parse(String... args) {
        CommandLine cmd = Bench.commandLine();
        cmd.parseArgs(args);
        return ((Bench) cmd.getCommand()).options;
    }

    @Test
    void takesTheArgumentsRunComparisonPasses() {
        BenchOptions o = parse("--seeded-by", "the read function's seeder (marketcache.demo.seed=true)",
                "--read", "http://127.0.0.1:18080", "--read-b", "http://127.0.0.1:18082",
                "--bench", "http://127.0.0.1:18081", "--db", "mcbench",
                "--pg", "jdbc:postgresql://127.0.0.1:5432/postgres", "--out", "bench/results/x", "--plan", "all",
                "--symbols", "50", "--days", "7", "--trade-hours", "2", "--rate", "5000", "--sustained-rate", "10000",
                "--ingest-url", "", "--ingest-token", "bench-ingest-token-0123456789",
                "--server-flags", "-Xms1g -XX:+AlwaysPreTouch -Djava.util.concurrent.ForkJoinPool.common.parallelism=2",
                "--command", "BENCH_QUICK=1 bench/run-comparison.sh",
                "--ceiling-duration", "5s", "--ceiling-warmup", "3s", "--ceiling-rounds", "1", "--warmup", "5s",
                "--duration", "10s", "--saturation", "5s", "--l2-warmup", "10s", "--l2-duration", "10s",
                "--sustained-minutes", "1", "--sustained-interval", "20s", "--sustained-warmup", "5s",
                "--ingest-duration", "10s");
        assertThat(o.readB).isEqualTo("http://127.0.0.1:18082");
        assertThat(o.bench).isEqualTo(URI.create("http://127.0.0.1:18081"));
        assertThat(o.out).isEqualTo(Path.of("bench/results/x"));
        assertThat(o.plan).containsExactly("all");
        assertThat(o.ingestUrl).isEmpty();
        assertThat(o.serverFlags).startsWith("-Xms1g -XX:+AlwaysPreTouch");
        assertThat(o.ceilingDuration).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.sustainedInterval).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.sustainedMinutes).isEqualTo(1);
        assertThat(o.rate).isEqualTo(5000);
    }

    @Test
    void defaultsAreTheOnesTheReportAndDocsDescribe() {
        BenchOptions o = parse();
        assertThat(o.read).isEqualTo(URI.create("http://127.0.0.1:18080"));
        assertThat(o.readB).isEmpty();
        assertThat(o.plan).containsExactly("all");
        assertThat(o.exchanges).containsExactly("binance", "okx", "huobi");
        assertThat(o.impls).containsExactlyElementsOf(ComparisonPhase.IMPLS);
        assertThat(o.mix).isEqualTo(Workload.Mix.parse("60:20:15:5:0.8"));
        assertThat(o.ceilingDuration).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.ceilingWarmup).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.sustainedInterval).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.moderateDuration).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.ingestDuration).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.connections).isEqualTo(64);
        assertThat(o.closedConnections).isEqualTo(32);
        assertThat(o.maxInflight).isEqualTo(2048);
        assertThat(o.command).isNull();
    }

    /** Every option the script gives the load generator is one the generator knows. */
    @Test
    void everyOptionOfRunComparisonIsKnown() throws IOException {
        String script = Files.readString(Path.of("run-comparison.sh"));
        int phases = script.indexOf("PHASES=(");
        int bench = script.indexOf("org.marketcache.bench.load.Bench");
        String benchPart = script.substring(phases, script.indexOf("mkdir -p", phases))
                + script.substring(bench, script.indexOf("| tee", bench));
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w-])--[a-z0-9-]+").matcher(benchPart);
        while (m.find()) {
            used.add(m.group());
        }
        Set<String> known = Bench.commandLine().getCommandSpec().optionsMap().keySet();
        assertThat(used).hasSizeGreaterThan(25);
        assertThat(known).containsAll(used);
    }

    @Test
    void anUnknownPhaseIsRefusedNamingThePlanAndThePhases() {
        CommandLine cmd = Bench.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute("--plan", "ceiling,sustaned", "--out", "target/bench-plan-test");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("--plan must be all or a comma-separated list of ceiling, comparison,"
                + " sustained, l2, ingest: 'sustaned' is none of them");
    }

    @Test
    void phasesRunInTheDocumentedOrder() {
        assertThat(List.copyOf(Bench.PHASES.keySet())).containsExactly("ceiling", "comparison", "sustained", "l2",
                "ingest");
    }
}
