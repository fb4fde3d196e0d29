package org.marketcache.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.marketcache.core.series.TimeChunking;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.marketdata.query.CandleQuery;
import org.marketcache.marketdata.query.SeriesRange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Question: what does turning a request into cache keys cost before any cache is asked: parsing and validating the
 * query parameters ({@code CandleQuery.parse}), resolving the window, and building the chunk keys (strings with the
 * Redis hash tag), for a latest-500 and a historical request; against the key-value alternatives' single request
 * key.
 *
 * <pre>
 * java -cp bench/target/classes:$(cat bench/target/bench.classpath) org.openjdk.jmh.Main KeyBuildingBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class KeyBuildingBenchmark {
    private static final KeySchema KEYS = new KeySchema("mc");
    private static final TimeChunking CHUNKING = new TimeChunking(240 * Timeframe.M1.millis());
    private static final long NOW = 1_767_268_800_123L;

    /** {@code latest}: no from; {@code history}: a from a day back. */
    @Param({"latest", "history"})
    public String shape;

    @Benchmark
    public List<SeriesKey> chunkKeys() {
        CandleQuery q = CandleQuery.parse("binance", "BTC-USDT", "1m", shape.equals("latest") ? null
                : Long.toString(NOW - 86_400_000L), null, "500", 500, 1500);
        SeriesRange r = q.range(NOW);
        long[] span = CHUNKING.covering(r.from(), r.to());
        List<SeriesKey> out = new ArrayList<>(4);
        for (long i = span[0]; i <= span[1]; i++) {
            out.add(KEYS.candleChunk(q.instrument(), q.timeframe(), 240, i));
        }
        return out;
    }

    @Benchmark
    public String requestKey() {
        CandleQuery q = CandleQuery.parse("binance", "BTC-USDT", "1m", shape.equals("latest") ? null
                : Long.toString(NOW - 86_400_000L), null, "500", 500, 1500);
        return "candles|" + q.instrument().keyGroup() + "|" + q.timeframe().label() + "|" + q.from() + "|" + q.to()
                + "|" + q.limit() + (q.from() == null ? "|@" + NOW / 10_000 : "");
    }
}
