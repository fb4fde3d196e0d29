package org.marketcache.bench.load;

import java.math.BigDecimal;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.HdrHistogram.Histogram;
import org.marketcache.marketdata.Instrument;
import org.marketcache.demo.SymbolProfile;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The optional ingest stream during reads: batches of one-minute candles for the most popular instruments, posted to
 * the ingest function's contract ({@code POST /v1/ingest/candles}, bearer token, a JSON array of
 * {@code {exchange, symbol, openTime, open, high, low, close, volume, closed}}). Each batch updates the live
 * candle of every instrument in it (a random walk from the demo price); when the minute turns, the previous
 * candle is sent once more, closed. Prices carry the symbol's tick scale, so they pass the domain's checks.
 */
public final class IngestStream {
    private final Vertx vertx;
    private final HttpClient client;
    private final URI url;
    private final String token;
    private final List<Instrument> instruments;
    private final Map<Instrument, SymbolProfile> profiles;
    private final long periodMs;
    private final SplittableRandom random = new SplittableRandom(7);
    private final Map<Instrument, double[]> live = new HashMap<>();
    private final Histogram latency = Stats.histogram();
    private long timer = -1;
    private long minute = -1;
    private long batches;
    private long candles;
    private long failures;
    private String lastFailure;

    public IngestStream(Vertx vertx, HttpClient client, URI url, String token, List<Instrument> instruments,
            Map<Instrument, SymbolProfile> profiles, double batchesPerSecond) {
        this.vertx = vertx;
        this.client = client;
        this.url = url;
        this.token = token;
        this.instruments = instruments;
        this.profiles = profiles;
        this.periodMs = Math.max(1, (long) (1000 / batchesPerSecond));
    }

    public void start() {
        vertx.runOnContext(v -> timer = vertx.setPeriodic(periodMs, id -> send()));
    }

    public void stop() {
        vertx.runOnContext(v -> vertx.cancelTimer(timer));
    }

    private void send() {
        long now = System.currentTimeMillis();
        long m = Math.floorDiv(now, 60_000L) * 60_000L;
        StringBuilder body = new StringBuilder(256 * instruments.size()).append('[');
        int n = 0;
        for (Instrument in : instruments) {
            SymbolProfile p = profiles.get(in);
            double[] c = live.computeIfAbsent(in, x -> new double[] {p.price(), p.price(), p.price(), p.price(), 0});
            if (minute >= 0 && m != minute) {
                n = append(body, n, in, p, minute, c, true);
                double close = c[3];
                c[0] = c[1] = c[2] = c[3] = close;
                c[4] = 0;
            }
            double next = c[3] * (1 + 0.0005 * (random.nextDouble() * 2 - 1));
            c[3] = next;
            c[1] = Math.max(c[1], next);
            c[2] = Math.min(c[2], next);
            c[4] += random.nextDouble() * 10;
            n = append(body, n, in, p, m, c, false);
        }
        minute = m;
        body.append(']');
        int count = n;
        long start = System.nanoTime();
        RequestOptions ro = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url.toString())
                .putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json");
        client.request(ro).compose(req -> req.send(Buffer.buffer(body.toString()))).onComplete(ar -> {
            synchronized (this) {
                batches++;
                latency.recordValue(Math.max(1, Math.min(Stats.MAX_MICROS, (System.nanoTime() - start) / 1000)));
                if (ar.failed() || ar.result().statusCode() / 100 != 2) {
                    failures++;
                    lastFailure = ar.failed() ? ar.cause().toString() : "HTTP " + ar.result().statusCode();
                } else {
                    candles += count;
                }
            }
        });
    }

    private static int append(StringBuilder b, int n, Instrument in, SymbolProfile p, long openTime, double[] c,
            boolean closed) {
        if (n > 0) {
            b.append(',');
        }
        b.append("{\"exchange\":\"").append(in.exchange().id()).append("\",\"symbol\":\"").append(in.symbol().base())
                .append('/').append(in.symbol().quote()).append("\",\"openTime\":").append(openTime)
                .append(",\"open\":\"").append(price(c[0], p)).append("\",\"high\":\"").append(price(c[1], p))
                .append("\",\"low\":\"").append(price(c[2], p)).append("\",\"close\":\"").append(price(c[3], p))
                .append("\",\"volume\":\"").append(BigDecimal.valueOf(c[4]).setScale(p.amountScale(),
                        java.math.RoundingMode.DOWN).toPlainString())
                .append("\",\"closed\":").append(closed).append('}');
        return n + 1;
    }

    private static String price(double v, SymbolProfile p) {
        return BigDecimal.valueOf(v).setScale(p.priceScale(), java.math.RoundingMode.HALF_UP).toPlainString();
    }

    /** Batches, candles accepted, failures, P50/P99 of a batch in ms, and the last failure. */
    public synchronized String summary() {
        return String.format("%d batches, %d candles accepted, %d failed%s; batch latency P50 %.2f ms, P99 %.2f ms",
                batches, candles, failures, lastFailure == null ? "" : " (last: " + lastFailure + ")",
                Stats.Snapshot.ms(latency, 50), Stats.Snapshot.ms(latency, 99));
    }

    public synchronized long failures() {
        return failures;
    }

    public synchronized long batches() {
        return batches;
    }
}
