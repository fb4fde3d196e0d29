package org.marketcache.bench.load;

import static org.marketcache.bench.load.Figures.millis;
import static org.marketcache.bench.load.Figures.number;
import static org.marketcache.bench.load.Figures.percent;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.marketcache.demo.SymbolProfile;
import org.marketcache.marketdata.Instrument;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

/**
 * {@code --plan ingest}: reads on the Zipf mix at {@code --ingest-read-rate} while an {@link IngestStream} posts
 * candles of the 20 most popular instruments to {@code --ingest-url}. Without that URL the stream goes to the bench
 * app's stub, which checks the contract and discards the candles: the report then says the run was not mixed. The
 * stream has its own Vert.x client, created and closed here.
 */
final class IngestPhase extends Phase {

    IngestPhase(BenchRun run) {
        super(run);
    }

    @Override
    void run() throws IOException {
        report.section("Reads with an ingest stream");
        double rate = o.ingestReadRate;
        boolean stub = o.ingestUrl.isBlank();
        URI target = stub ? o.bench.resolve("/stub/v1/ingest/candles") : URI.create(o.ingestUrl);
        List<Instrument> top = workload.instruments().subList(0, Math.min(20, workload.instruments().size()));
        Map<Instrument, SymbolProfile> profiles = new LinkedHashMap<>();
        List<SymbolProfile> catalogue = SymbolProfile.catalogue(o.symbols, 42);
        for (Instrument in : top) {
            for (SymbolProfile p : catalogue) {
                if (p.symbol().equals(in.symbol())) {
                    profiles.put(in, p);
                }
            }
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
                .setPreferNativeTransport(true));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setPipelining(false).setIdleTimeout(0), new PoolOptions().setHttp1MaxSize(o.connections)
                .setMaxWaitQueueSize(-1));
        try {
            IngestStream stream = new IngestStream(vertx, client, target, o.ingestToken, top, profiles,
                    o.ingestBatchesPerSecond);
            if (stub) {
                report.add("The ingest function was not given (`--ingest-url`): the stream ran against the"
                        + " bench app's stub, which only checks the contract (token, JSON shape) and discards the"
                        + " candles. The reads below are therefore **not** a mixed run; they show the stream"
                        + " works.\n\n");
            }
            stream.start();
            Stats.Snapshot s = generator.open("ingest-reads", o.read, "", rate, o.connections,
                    Duration.ofSeconds(5), o.ingestDuration, workload);
            stream.stop();
            report.add("- ingest stream → " + target + ": " + stream.summary() + "\n");
            report.add("- reads at " + (long) rate + " requests/s offered: " + number(s.perSecond(o.ingestDuration))
                    + " served, P50 " + millis(s.all(), 50) + " / P99 " + millis(s.all(), 99) + " / P99.9 "
                    + millis(s.all(), 99.9) + " ms; L1 " + percent(s.share("L1")) + ", no DB "
                    + percent(s.hitRate()) + ", errors " + s.errors() + "\n\n");
        } finally {
            client.close();
            vertx.close();
        }
    }
}
