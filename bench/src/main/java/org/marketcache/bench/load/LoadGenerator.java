package org.marketcache.bench.load;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;

/**
 * The generator every phase drives its load with: one Netty event loop for all runs, one seed, one limit on
 * outstanding requests. Each run is logged on standard output and leaves its latencies as an HdrHistogram log,
 * {@code <name>.hlog} in the output directory (microseconds; one histogram per tag: all, endpoint, tier,
 * endpoint+tier).
 */
final class LoadGenerator implements AutoCloseable {
    private final NioEventLoopGroup loopGroup = new NioEventLoopGroup(1);
    private final EventLoop loop = loopGroup.next();
    private final Path out;
    private final int maxInflight;
    private final long seed;
    private final Report report;

    LoadGenerator(Path out, int maxInflight, long seed, Report report) {
        this.out = out;
        this.maxInflight = maxInflight;
        this.seed = seed;
        this.report = report;
    }

    /** Open model: {@code rate} requests per second whatever the server does; latencies from each due time. */
    Stats.Snapshot open(String name, URI base, String prefix, double rate, int connections, Duration warmup,
            Duration duration, RequestSource source) throws IOException {
        return run(name, base, prefix, rate, connections, warmup, duration, source, Duration.ZERO, null);
    }

    /** Open model, handing the figures of every {@code interval} to {@code onInterval} (on another thread). */
    Stats.Snapshot open(String name, URI base, String prefix, double rate, int connections, Duration warmup,
            Duration duration, RequestSource source, Duration interval, Consumer<Stats.Snapshot> onInterval)
            throws IOException {
        return run(name, base, prefix, rate, connections, warmup, duration, source, interval, onInterval);
    }

    /** Closed model: {@code connections} loops, each sending the next request when the last ends. */
    Stats.Snapshot closed(String name, URI base, String prefix, int connections, Duration warmup, Duration duration,
            RequestSource source) throws IOException {
        return run(name, base, prefix, 0, connections, warmup, duration, source, Duration.ZERO, null);
    }

    private Stats.Snapshot run(String name, URI base, String prefix, double rate, int connections, Duration warmup,
            Duration duration, RequestSource source, Duration interval, Consumer<Stats.Snapshot> onInterval)
            throws IOException {
        report.log(String.format(Locale.ROOT, "[%s] %s%s %s, %d s + %d s warm-up", name, base, prefix,
                rate > 0 ? (long) rate + " req/s open" : connections + " connections closed", duration.toSeconds(),
                warmup.toSeconds()));
        LoadRun.Options o = new LoadRun.Options(base.getHost(), base.getPort(), prefix, rate, connections,
                warmup.toMillis(), duration.toMillis(), maxInflight, onInterval == null ? 0 : interval.toMillis(), seed);
        Stats.Snapshot s = LoadRun.run(loop, source, o, onInterval);
        writeLog(name, s);
        return s;
    }

    private void writeLog(String name, Stats.Snapshot s) throws IOException {
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

    private static void put(HistogramLogWriter w, String tag, Histogram h) {
        Histogram c = h.copy();
        c.setTag(tag.replaceAll("[\\s,]", "_"));
        c.setStartTimeStamp(0);
        c.setEndTimeStamp(1);
        w.outputIntervalHistogram(c);
    }

    @Override
    public void close() {
        loopGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
