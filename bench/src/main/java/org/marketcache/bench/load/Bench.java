package org.marketcache.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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
 * {@code --plan} selects phases, run in this order: {@code ceiling} ({@link CeilingPhase}: HTTP ceiling, hot L1 key
 * vs constant bytes vs L3 direct), {@code comparison} ({@link ComparisonPhase}: a-f on the Zipf mix),
 * {@code sustained} ({@link SustainedPhase}: the read function at {@code --sustained-rate}, per-interval rows),
 * {@code l2} ({@link SecondPodPhase}: L2 through HTTP on a second pod), {@code ingest} ({@link IngestPhase}: reads
 * with an ingest stream); {@code all} runs all five. {@code --help} lists every option with its default.
 */
@Command(name = "Bench", abbreviateSynopsis = true, sortOptions = false, showDefaultValues = true, usageHelpWidth = 120,
        description = "Drives the read function and the alternatives; writes report.md and *.hlog to --out.")
public final class Bench implements Callable<Integer> {
    /** The phases by their name in {@code --plan}, in the order they run. */
    static final Map<String, Function<BenchRun, Phase>> PHASES = phases();

    @Mixin
    BenchOptions options;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show the options and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    public static void main(String[] argv) {
        System.exit(commandLine().execute(argv));
    }

    /**
     * The command line with the bench's converters (durations as {@link DurationConverter} reads them); a bad
     * argument is reported in one line that names the option, not followed by the whole usage.
     */
    static CommandLine commandLine() {
        return new CommandLine(new Bench()).registerConverter(Duration.class, new DurationConverter())
                .registerConverter(Workload.Mix.class, Workload.Mix::parse)
                .setParameterExceptionHandler((e, args) -> {
                    e.getCommandLine().getErr().println(e.getMessage());
                    e.getCommandLine().getErr().println("Bench --help lists every option with its default.");
                    return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
                });
    }

    private static Map<String, Function<BenchRun, Phase>> phases() {
        Map<String, Function<BenchRun, Phase>> p = new LinkedHashMap<>();
        p.put("ceiling", CeilingPhase::new);
        p.put("comparison", ComparisonPhase::new);
        p.put("sustained", SustainedPhase::new);
        p.put("l2", SecondPodPhase::new);
        p.put("ingest", IngestPhase::new);
        return p;
    }

    @Override
    public Integer call() throws IOException {
        Set<String> plan = Set.copyOf(options.plan);
        for (String name : options.plan) {
            if (!name.equals("all") && !PHASES.containsKey(name)) {
                throw new ParameterException(spec.commandLine(), "--plan must be all or a comma-separated list of "
                        + String.join(", ", PHASES.keySet()) + ": '" + name + "' is none of them");
            }
        }
        Files.createDirectories(options.out);
        Report report = new Report(System.out);
        Workload workload = new Workload(options.exchanges, options.symbols, options.days, options.tradeHours,
                options.mix);
        ServerProbe probe = new ServerProbe(options.pg, options.db);
        try (LoadGenerator generator = new LoadGenerator(options.out, options.maxInflight, options.seed, report)) {
            BenchRun run = new BenchRun(options, generator, probe, workload, report);
            header(report, workload);
            for (Map.Entry<String, Function<BenchRun, Phase>> phase : PHASES.entrySet()) {
                if (plan.contains("all") || plan.contains(phase.getKey())) {
                    phase.getValue().apply(run).run();
                }
            }
            report.add("\n_Machine load at the end: " + loadAverage() + "_\n");
            Path file = options.out.resolve("report.md");
            Files.writeString(file, report.markdown(), StandardCharsets.UTF_8);
            report.log("report: " + file);
        }
        return 0;
    }

    private void header(Report report, Workload workload) {
        BenchOptions o = options;
        report.add("# marketcache benchmark report\n\n");
        report.add("- started: " + Instant.now() + "\n");
        report.add("- command: `" + (o.command != null ? o.command : "Bench " + String.join(" ", givenArgs())) + "`\n");
        report.add("- plan: " + String.join(",", o.plan) + "; machine: " + Runtime.getRuntime().availableProcessors()
                + " cores; load average at start: " + loadAverage() + "\n");
        report.add("- data: demo market, exchanges " + String.join(",", o.exchanges) + " × " + o.symbols
                + " symbols, " + o.days + " days of 1m candles, " + o.tradeHours + " h of trades; seeded by "
                + o.seededBy + "\n");
        report.add("- workload: Zipf over instruments (symbol exponent 1.1, exchange exponent 1.0); " + workload.mix()
                + "; 6 timeframes; seed " + o.seed + "\n");
        report.add("- generator: one Netty event loop, " + o.connections + " keep-alive connections; open model"
                + " latencies are measured from each request's due time (coordinated omission corrected); closed"
                + " model (`saturation`) latencies are service times\n");
        report.add("- server JVM flags (both servers): `" + o.serverFlags + "`\n");
        report.add("- read function: " + o.read + "; bench app (alternatives, constant endpoint): " + o.bench
                + "\n\n");
    }

    /** The arguments as given, less those that only describe the run ({@code --command} and the like). */
    private List<String> givenArgs() {
        Set<String> descriptive = Set.of("--command", "--seeded-by", "--server-flags");
        List<String> given = new ArrayList<>();
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (descriptive.contains(a)) {
                i++;
            } else if (descriptive.stream().noneMatch(d -> a.startsWith(d + "="))) {
                given.add(a);
            }
        }
        return given;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
