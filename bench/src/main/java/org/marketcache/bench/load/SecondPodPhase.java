package org.marketcache.bench.load;

import static org.marketcache.bench.load.Figures.millis;
import static org.marketcache.bench.load.Figures.number;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import org.HdrHistogram.Histogram;

/**
 * {@code --plan l2}: L2 through HTTP, on a second read-function process (pod B, {@code --read-b}) that shares pod
 * A's Redis. Pod A first runs the Zipf mix at {@code --l2-rate} so that what it loads is in L2; pod B starts with an
 * empty L1, so its first request for each key is an L2 hit. Pod A fills at a modest open rate: flooding it would open
 * its Redis breaker and drop the fills. Pod B runs closed with a few connections, so its latencies are service times:
 * a cold pod in an open model, at any rate it cannot yet serve, measures the backlog of its first, interpreted
 * seconds instead of L2.
 */
final class SecondPodPhase extends Phase {

    SecondPodPhase(BenchRun run) {
        super(run);
    }

    @Override
    void run() throws IOException {
        report.section("L2 through HTTP: a second pod on the same Redis");
        if (o.readB.isBlank()) {
            report.add("Not run: no second read function was given (`--read-b`).\n\n");
            return;
        }
        URI a = o.read;
        URI b = URI.create(o.readB);
        double rate = o.l2Rate;
        Duration fill = o.l2Warmup;
        Duration dur = o.l2Duration;
        generator.open("l2-fill-pod-a", a, "", rate, o.connections, Duration.ZERO, fill, workload);
        ServerProbe.Sample before = probe.sample(b.resolve("/q/metrics").toString());
        int connections = o.l2Connections;
        Stats.Snapshot s = generator.closed("l2-pod-b", b, "", connections, Duration.ZERO, dur, workload);
        ServerProbe.Sample after = probe.sample(b.resolve("/q/metrics").toString());
        ServerProbe.Change keys = ServerProbe.Change.between(before, after);
        report.add("Pod A (" + a + ") ran the Zipf mix for " + fill.toSeconds() + " s at " + (long) rate
                + " requests/s to fill L2; then pod B (" + b + ", started with the run, never asked before) got the"
                + " same request sequence for " + dur.toSeconds() + " s, closed model with " + connections
                + " connections (service times, no queue), from its first request on: its JIT is cold too.\n\n");
        report.add(Figures.latencyByTier("pod B, X-Cache", s.byTier()));
        Histogram l2 = s.byTier().get("L2");
        report.add("\n- L2-answered requests through HTTP: P95 **" + (l2 == null ? "-" : millis(l2, 95))
                + " ms** (minimum: < 10 ms; read-path target: < 2 ms), P50 " + (l2 == null ? "-" : millis(l2, 50))
                + " ms; pod B served " + number(s.perSecond(dur)) + " requests/s\n");
        report.add("- pod B by key: L1 " + number(keys.l1Hits()) + " hits / " + number(keys.l1Misses())
                + " misses, L2 " + number(keys.l2Hits()) + " hits, " + number(keys.l2Errors()) + " L2 errors\n\n");
    }
}
