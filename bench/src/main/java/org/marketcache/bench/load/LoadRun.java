package org.marketcache.bench.load;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

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
 *   <li><b>Cheap responses</b>: the body is counted, never copied or parsed; only the status, {@code X-Cache} and
 *       whether {@code Server-Timing} names {@code l3} are read.</li>
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

    private final Vertx vertx;
    private final HttpClient client;
    private final RequestSource workload;
    private final Options o;
    private final Stats total = new Stats();
    private final Stats interval = new Stats();
    private final Consumer<Stats.Snapshot> onInterval;
    private final SplittableRandom random;
    private final CompletableFuture<Stats.Snapshot> done = new CompletableFuture<>();
    private long measureFromNanos;
    private long endNanos;
    private int inflight;
    private long sent;
    private boolean stopping;

    LoadRun(Vertx vertx, HttpClient client, RequestSource workload, Options o, Consumer<Stats.Snapshot> onInterval) {
        this.vertx = vertx;
        this.client = client;
        this.workload = workload;
        this.o = o;
        this.onInterval = onInterval;
        this.random = new SplittableRandom(o.seed());
    }

    /** Runs to the end and answers the totals of the measured part. */
    public static Stats.Snapshot run(Vertx vertx, HttpClient client, RequestSource workload, Options o,
            Consumer<Stats.Snapshot> onInterval) {
        LoadRun r = new LoadRun(vertx, client, workload, o, onInterval);
        Context ctx = vertx.getOrCreateContext();
        ctx.runOnContext(v -> r.start());
        return r.done.join();
    }

    private void start() {
        long t0 = System.nanoTime();
        measureFromNanos = t0 + o.warmupMs() * 1_000_000L;
        endNanos = measureFromNanos + o.durationMs() * 1_000_000L;
        if (o.intervalMs() > 0 && onInterval != null) {
            vertx.setTimer(o.warmupMs() + 1, x -> {
                interval.snapshotAndReset();
                vertx.setPeriodic(o.intervalMs(), id -> {
                    if (stopping) {
                        vertx.cancelTimer(id);
                    } else {
                        onInterval.accept(interval.snapshotAndReset());
                    }
                });
            });
        }
        if (o.rate() > 0) {
            double nanosPerRequest = 1e9 / o.rate();
            long totalRequests = (long) ((endNanos - t0) / nanosPerRequest);
            vertx.setPeriodic(1, id -> {
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
                if (sent >= totalRequests) {
                    vertx.cancelTimer(id);
                    finishWhenDrained(System.nanoTime() + 30_000_000_000L);
                }
            });
        } else {
            for (int i = 0; i < o.connections(); i++) {
                loop();
            }
            vertx.setTimer(o.warmupMs() + o.durationMs(), id -> finishWhenDrained(System.nanoTime() + 30_000_000_000L));
        }
    }

    private void loop() {
        if (System.nanoTime() >= endNanos) {
            return;
        }
        send(System.nanoTime());
    }

    private void finishWhenDrained(long deadline) {
        stopping = true;
        if (inflight == 0 || System.nanoTime() > deadline) {
            done.complete(total.snapshot());
            return;
        }
        vertx.setTimer(5, id -> finishWhenDrained(deadline));
    }

    private void send(long dueNanos) {
        inflight++;
        Workload.Request req = workload.next(random, System.currentTimeMillis());
        RequestOptions ro = new RequestOptions().setMethod(HttpMethod.GET).setHost(o.host()).setPort(o.port())
                .setURI(o.prefix() + req.path());
        client.request(ro).onComplete(ar -> {
            if (ar.failed()) {
                complete(req, dueNanos, "ERR", false, 0);
                return;
            }
            ar.result().send().onComplete(rr -> {
                if (rr.failed()) {
                    complete(req, dueNanos, "ERR", false, 0);
                    return;
                }
                HttpClientResponse resp = rr.result();
                String tier = resp.statusCode() == 200 ? tierOf(resp.getHeader("X-Cache")) : "ERR";
                String timing = resp.getHeader("Server-Timing");
                boolean l3 = timing != null && timing.contains("l3;");
                long[] bytes = {0, 0};
                resp.handler(b -> bytes[0] += b.length());
                resp.endHandler(v -> {
                    if (bytes[1]++ == 0) {
                        complete(req, dueNanos, tier, l3, bytes[0]);
                    }
                });
                resp.exceptionHandler(e -> {
                    if (bytes[1]++ == 0) {
                        complete(req, dueNanos, "ERR", false, bytes[0]);
                    }
                });
            });
        });
    }

    private static String tierOf(String xCache) {
        return xCache == null ? "-" : xCache;
    }

    private void complete(Workload.Request req, long dueNanos, String tier, boolean l3, long bytes) {
        inflight--;
        long now = System.nanoTime();
        if (dueNanos >= measureFromNanos && dueNanos < endNanos) {
            long micros = (now - dueNanos) / 1000;
            total.record(req.endpoint(), tier, l3, micros, bytes);
            interval.record(req.endpoint(), tier, l3, micros, bytes);
        }
        if (o.rate() <= 0 && !stopping) {
            loop();
        }
    }
}
