package org.marketcache.bench.load;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.channel.EventLoop;

/**
 * One load run against one base URL.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Open model</b> ({@code rate > 0}): request {@code i} is due at {@code t0 + i / rate} whatever happened to
 *       the ones before; a 1 ms timer on the client's single event loop sends every request that is due. Latency is
 *       measured from the <em>due</em> time, not the send time, so a server (or a generator) that falls behind is
 *       charged for the wait it caused: coordinated omission is corrected at the source, as wrk2 does. A request
 *       that would exceed {@code maxInflight} outstanding requests is not sent and counted as {@code SHED}.</li>
 *   <li><b>Closed model</b> ({@code rate = 0}): {@code connections} loops each send the next request when the last
 *       one ends. It finds the most requests per second the server gives; its latencies are service times.</li>
 *   <li><b>Warm-up</b> runs the same load first, unrecorded. Draws come from one seeded random stream, so every
 *       implementation sees the same sequence of requests.</li>
 *   <li><b>Cheap responses</b> ({@link HttpLoad}): the body is counted, never copied or parsed; only the status,
 *       {@code X-Cache} and whether {@code Server-Timing} names {@code l3} are read. Interval reports are handed
 *       to another thread, so sampling a server's metrics never stalls the event loop.</li>
 * </ul>
 */
public final class LoadRun {

    /**
     * @param prefix     put before every workload path ({@code /alt/redis}, {@code /const}, or empty)
     * @param rate       requests per second (open model), or 0 for the closed model
     * @param intervalMs how often {@code onInterval} receives the figures since the last call (0: never)
     */
    public record Options(String host, int port, String prefix, double rate, int connections, long warmupMs,
            long durationMs, int maxInflight, long intervalMs, long seed) {
    }

    private final EventLoop loop;
    private final HttpLoad http;
    private final RequestSource workload;
    private final Options o;
    private final Stats total = new Stats();
    private final Stats interval = new Stats();
    private final Consumer<Stats.Snapshot> onInterval;
    private final ExecutorService reporter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "load-report");
        t.setDaemon(true);
        return t;
    });
    private final SplittableRandom random;
    private final CompletableFuture<Stats.Snapshot> done = new CompletableFuture<>();
    private long measureFromNanos;
    private long endNanos;
    private int inflight;
    private long sent;
    private boolean stopping;
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> reports;

    LoadRun(EventLoop loop, RequestSource workload, Options o, Consumer<Stats.Snapshot> onInterval) {
        this.loop = loop;
        this.http = new HttpLoad(loop, o.host(), o.port(), o.connections());
        this.workload = workload;
        this.o = o;
        this.onInterval = onInterval;
        this.random = new SplittableRandom(o.seed());
    }

    /** Runs to the end and answers the totals of the measured part. */
    public static Stats.Snapshot run(EventLoop loop, RequestSource workload, Options o,
            Consumer<Stats.Snapshot> onInterval) {
        LoadRun r = new LoadRun(loop, workload, o, onInterval);
        loop.execute(r::start);
        try {
            Stats.Snapshot total = r.done.join();
            if (o.intervalMs() > 0 && onInterval != null) {
                // The last interval ends with the run; report it too (after the reporter's queue).
                Stats.Snapshot last = r.interval.snapshotAndReset();
                if (last.count() > 0) {
                    r.reporter.submit(() -> onInterval.accept(last)).get();
                }
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("interval report failed: " + e.getCause(), e.getCause());
        } finally {
            loop.execute(r.http::close);
            r.reporter.shutdown();
        }
    }

    private void start() {
        long t0 = System.nanoTime();
        measureFromNanos = t0 + o.warmupMs() * 1_000_000L;
        endNanos = measureFromNanos + o.durationMs() * 1_000_000L;
        if (o.intervalMs() > 0 && onInterval != null) {
            loop.schedule(() -> {
                interval.snapshotAndReset();
                reports = loop.scheduleAtFixedRate(() -> {
                    Stats.Snapshot s = interval.snapshotAndReset();
                    reporter.execute(() -> onInterval.accept(s));
                }, o.intervalMs(), o.intervalMs(), TimeUnit.MILLISECONDS);
            }, o.warmupMs(), TimeUnit.MILLISECONDS);
        }
        if (o.rate() > 0) {
            double nanosPerRequest = 1e9 / o.rate();
            long totalRequests = (long) ((endNanos - t0) / nanosPerRequest);
            ticker = loop.scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                while (sent < totalRequests) {
                    long due = t0 + (long) (sent * nanosPerRequest);
                    if (due > now) {
                        break;
                    }
                    sent++;
                    if (inflight >= o.maxInflight()) {
                        if (due >= measureFromNanos) {
                            total.shed();
                            interval.shed();
                        }
                        continue;
                    }
                    send(due);
                }
                if (sent >= totalRequests && !stopping) {
                    ticker.cancel(false);
                    finishWhenDrained(System.nanoTime() + 30_000_000_000L);
                }
            }, 0, 1, TimeUnit.MILLISECONDS);
        } else {
            for (int i = 0; i < o.connections(); i++) {
                send(System.nanoTime());
            }
            loop.schedule(() -> finishWhenDrained(System.nanoTime() + 30_000_000_000L), o.warmupMs() + o.durationMs(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void finishWhenDrained(long deadline) {
        stopping = true;
        if (reports != null) {
            reports.cancel(false);
            reports = null;
        }
        if (inflight == 0 || System.nanoTime() > deadline) {
            done.complete(total.snapshot());
            return;
        }
        loop.schedule(() -> finishWhenDrained(deadline), 5, TimeUnit.MILLISECONDS);
    }

    private void send(long dueNanos) {
        inflight++;
        Workload.Request req = workload.next(random, System.currentTimeMillis());
        http.send(o.prefix() + req.path(), (status, xCache, timing, bytes) -> {
            String tier = status == 200 ? (xCache == null ? "-" : xCache) : "ERR";
            boolean l3 = timing != null && timing.contains("l3;");
            complete(req, dueNanos, tier, l3, bytes);
        });
    }

    private void complete(Workload.Request req, long dueNanos, String tier, boolean l3, long bytes) {
        inflight--;
        long now = System.nanoTime();
        if (dueNanos >= measureFromNanos && dueNanos < endNanos) {
            long micros = (now - dueNanos) / 1000;
            total.record(req.endpoint(), tier, l3, micros, bytes);
            interval.record(req.endpoint(), tier, l3, micros, bytes);
        }
        if (o.rate() <= 0 && !stopping && now < endNanos) {
            send(now);
        }
    }
}
