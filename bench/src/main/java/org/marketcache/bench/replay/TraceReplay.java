package org.marketcache.bench.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.marketcache.core.series.TimeChunking;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.CacheNames;
import org.marketcache.marketdata.query.CandleQuery;
import org.marketcache.marketdata.query.SeriesRange;
import org.marketcache.bench.load.Workload;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Hit rates per tier for a trace and a choice of L1 and L2 sizes, without HTTP, servers or data: a sizing tool.
 *
 * <p>Each request of the trace becomes the cache keys the read function would ask for (candle chunks with the
 * configured candles per chunk, one-minute trade chunks, one key per ticker and per order book); L1 is a Caffeine
 * cache per cache name (W-TinyLFU, as the read function's Quarkus caches), L2 one Caffeine cache of the given
 * entries standing in for Redis under {@code allkeys-lfu} (or unbounded). Values that can still change (the chunk
 * holding the live candle or the current trade minute, tickers, order books) expire after the read function's
 * {@code mutable-ttl}, and every L1 entry after the 10-minute {@code l1.ttl}; time is the trace's own. Stated
 * approximations: "latest trades" asks for the last 8 one-minute chunks (one round of the read function's walk back,
 * enough for 100 trades of all but the quietest instruments); a value past its refresh age counts as a hit (the
 * read function serves it while it refreshes), so the replay gives hit rates, not the refresh load on the database.
 *
 * <pre>
 * java -cp bench/target/classes:$(cat bench/target/bench.classpath) org.marketcache.bench.replay.TraceReplay \
 *     --generate 2000000 --rate 10000 --l1 500,1000,2000,4000,8000 --l2 0
 * java ... TraceReplay --trace requests.txt --l1 4000 --l2 100000
 * </pre>
 * A trace line is {@code [epochMillis ]path?query}, e.g. {@code 1767268800000 /v1/candles/binance/BTC-USDT?timeframe=1m&limit=500}.
 * Without times, requests are spaced at {@code --rate} per second from now.
 */
public final class TraceReplay {
    /** Candles per chunk by timeframe, as {@code marketcache.candles.chunk-candles.*} by default. */
    static final Map<Timeframe, Integer> CHUNK_CANDLES = Map.of(Timeframe.M1, 240, Timeframe.M5, 288,
            Timeframe.M15, 192, Timeframe.H1, 168, Timeframe.H4, 180, Timeframe.D1, 30);
    static final long TRADE_CHUNK = 60_000L;
    static final long L1_TTL = 600_000L;

    /** One request of a trace. */
    public record Line(long time, String path) {
    }

    /** Figures of one replay. */
    public record Result(long l1Size, long l2Size, long requests, long keys, long l1Hits, long l2Hits,
            long requestsAllL1, long requestsNoDb) {

        public double l1KeyRate() {
            return keys == 0 ? 0 : (double) l1Hits / keys;
        }

        public double overallKeyRate() {
            return keys == 0 ? 0 : (double) (l1Hits + l2Hits) / keys;
        }

        public double l1RequestRate() {
            return requests == 0 ? 0 : (double) requestsAllL1 / requests;
        }

        public double noDbRequestRate() {
            return requests == 0 ? 0 : (double) requestsNoDb / requests;
        }
    }

    private record Key(String cache, String id, boolean mutable) {
    }

    private final Map<String, Cache<String, Long>> l1 = new HashMap<>();
    private final Cache<String, Long> l2;
    private final long l1Size;
    private final long l2Size;
    private long requests;
    private long keys;
    private long l1Hits;
    private long l2Hits;
    private long allL1;
    private long noDb;

    /** @param l1Size entries per L1 cache (every cache name gets this size); @param l2Size entries, 0 = unbounded */
    public TraceReplay(long l1Size, long l2Size) {
        this.l1Size = l1Size;
        this.l2Size = l2Size;
        Caffeine<Object, Object> b = Caffeine.newBuilder().executor(Runnable::run);
        this.l2 = l2Size > 0 ? b.maximumSize(l2Size).build() : Caffeine.newBuilder().executor(Runnable::run).build();
    }

    public void accept(Line line) {
        List<Key> ks = keys(line);
        if (ks.isEmpty()) {
            return;
        }
        requests++;
        boolean everyL1 = true;
        boolean everyCached = true;
        for (Key k : ks) {
            keys++;
            Cache<String, Long> c = l1.computeIfAbsent(k.cache(), x -> Caffeine.newBuilder().executor(Runnable::run)
                    .maximumSize(l1Size).build());
            Long expireAt = c.getIfPresent(k.id());
            if (expireAt != null && expireAt > line.time()) {
                l1Hits++;
                continue;
            }
            everyL1 = false;
            Long l2Expire = l2.getIfPresent(k.id());
            long fresh = k.mutable() ? line.time() + mutableTtl(k.cache()) : Long.MAX_VALUE;
            if (l2Expire != null && l2Expire > line.time()) {
                l2Hits++;
                c.put(k.id(), Math.min(l2Expire, line.time() + L1_TTL));
            } else {
                everyCached = false;
                l2.put(k.id(), fresh);
                c.put(k.id(), Math.min(fresh, line.time() + L1_TTL));
            }
        }
        if (everyL1) {
            allL1++;
        }
        if (everyCached) {
            noDb++;
        }
    }

    public Result result() {
        return new Result(l1Size, l2Size, requests, keys, l1Hits, l2Hits, allL1, noDb);
    }

    static long mutableTtl(String cache) {
        return switch (cache) {
            case CacheNames.TICKERS, CacheNames.TRADES -> 5_000L;
            case CacheNames.ORDERBOOKS -> 3_000L;
            default -> 10_000L;
        };
    }

    /** The keys the read function would ask for; empty for a line it would reject. */
    static List<Key> keys(Line line) {
        String path = line.path();
        int q = path.indexOf('?');
        String[] parts = (q < 0 ? path : path.substring(0, q)).split("/");
        Map<String, String> params = params(q < 0 ? "" : path.substring(q + 1));
        if (parts.length < 5) {
            return List.of();
        }
        String type = parts[2];
        Instrument in;
        try {
            in = Instrument.of(parts[3], parts[4]);
        } catch (RuntimeException e) {
            return List.of();
        }
        String group = in.keyGroup();
        long now = line.time();
        switch (type) {
            case "tickers":
                return List.of(new Key(CacheNames.TICKERS, "t:" + group, true));
            case "orderbooks":
                return List.of(new Key(CacheNames.ORDERBOOKS, "b:" + group, true));
            case "trades": {
                long to = now + 1;
                long from = params.containsKey("from") ? Long.parseLong(params.get("from")) : to - 8 * TRADE_CHUNK;
                if (params.containsKey("from")) {
                    to = Math.min(to, from + 3_600_000L);
                }
                List<Key> out = new ArrayList<>();
                for (long i = Math.floorDiv(from, TRADE_CHUNK); i <= Math.floorDiv(to - 1, TRADE_CHUNK); i++) {
                    boolean mutable = (i + 1) * TRADE_CHUNK + 10_000L > now;
                    out.add(new Key(CacheNames.TRADES, "tr:" + group + ":" + i, mutable));
                }
                return out;
            }
            case "candles": {
                CandleQuery cq;
                try {
                    cq = CandleQuery.parse(parts[3], parts[4], params.get("timeframe"), params.get("from"),
                            params.get("to"), params.get("limit"), 500, 1500);
                } catch (RuntimeException e) {
                    return List.of();
                }
                SeriesRange r = cq.range(now);
                int per = CHUNK_CANDLES.get(cq.timeframe());
                TimeChunking chunking = new TimeChunking(per * cq.timeframe().millis());
                long[] span = chunking.covering(r.from(), r.to());
                String cache = CacheNames.candles(cq.timeframe());
                List<Key> out = new ArrayList<>();
                for (long i = span[0]; i <= span[1]; i++) {
                    if (chunking.start(i) > now) {
                        break;
                    }
                    out.add(new Key(cache, "c:" + group + ":" + cq.timeframe().label() + ":" + i,
                            chunking.end(i) > now));
                }
                return out;
            }
            default:
                return List.of();
        }
    }

    private static Map<String, String> params(String query) {
        Map<String, String> out = new HashMap<>();
        for (String p : query.split("&")) {
            int eq = p.indexOf('=');
            if (eq > 0) {
                out.put(p.substring(0, eq), p.substring(eq + 1));
            }
        }
        return out;
    }

    /** {@code count} requests of the benchmark workload, {@code rate} per second, starting at {@code start}. */
    public static void generate(Workload w, long seed, long count, double rate, long start, Consumer<Line> sink) {
        SplittableRandom random = new SplittableRandom(seed);
        for (long i = 0; i < count; i++) {
            long t = start + (long) (i * 1000 / rate);
            sink.accept(new Line(t, w.next(random, t).path()));
        }
    }

    public static void main(String[] argv) throws IOException {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        long[] l1Sizes = Arrays.stream(a.getOrDefault("l1", "4000").split(",")).mapToLong(Long::parseLong).toArray();
        long[] l2Sizes = Arrays.stream(a.getOrDefault("l2", "0").split(",")).mapToLong(Long::parseLong).toArray();
        double rate = Double.parseDouble(a.getOrDefault("rate", "10000"));
        List<TraceReplay> replays = new ArrayList<>();
        for (long l1Size : l1Sizes) {
            for (long l2Size : l2Sizes) {
                replays.add(new TraceReplay(l1Size, l2Size));
            }
        }
        Consumer<Line> all = line -> replays.forEach(r -> r.accept(line));
        if (a.containsKey("trace")) {
            long start = System.currentTimeMillis();
            long[] n = {0};
            try (BufferedReader in = Files.newBufferedReader(Path.of(a.get("trace")))) {
                for (String s = in.readLine(); s != null; s = in.readLine()) {
                    s = s.trim();
                    if (s.isEmpty() || s.startsWith("#")) {
                        continue;
                    }
                    int sp = s.indexOf(' ');
                    Line line = sp > 0 ? new Line(Long.parseLong(s.substring(0, sp)), s.substring(sp + 1).trim())
                            : new Line(start + (long) (n[0] * 1000 / rate), s);
                    n[0]++;
                    all.accept(line);
                }
            }
        } else {
            Workload w = new Workload(Arrays.asList(a.getOrDefault("exchanges", "binance,okx,huobi").split(",")),
                    Integer.parseInt(a.getOrDefault("symbols", "50")), Integer.parseInt(a.getOrDefault("days", "7")),
                    Integer.parseInt(a.getOrDefault("trade-hours", "2")),
                    Workload.Mix.parse(a.getOrDefault("mix", "60:20:15:5:0.8")));
            generate(w, Long.parseLong(a.getOrDefault("seed", "1")), Long.parseLong(a.getOrDefault("generate",
                    "1000000")), rate, System.currentTimeMillis(), all);
        }
        System.out.println("| L1 entries per cache | L2 entries | requests | keys | L1 key hit | L1+L2 key hit |"
                + " requests all-L1 | requests without DB |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (TraceReplay r : replays) {
            Result x = r.result();
            System.out.printf(Locale.ROOT, "| %d | %s | %d | %d | %.1f%% | %.1f%% | %.1f%% | %.1f%% |%n", x.l1Size(),
                    x.l2Size() == 0 ? "unbounded" : Long.toString(x.l2Size()), x.requests(), x.keys(),
                    100 * x.l1KeyRate(), 100 * x.overallKeyRate(), 100 * x.l1RequestRate(),
                    100 * x.noDbRequestRate());
        }
    }
}
