package org.marketcache.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.marketcache.core.series.SeriesChunk;
import org.marketcache.marketdata.Instrument;
import org.marketcache.runtime.http.CacheResponses;
import org.marketcache.runtime.read.MarketDataReader;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.marketdata.query.CandleQuery;
import org.marketcache.marketdata.query.SeriesRange;
import org.openjdk.jmh.annotations.Benchmark;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Question: how does stitching an answer from pre-encoded chunk fragments scale with its size: "latest N
 * one-minute candles" for N = 100, 500 and 1500 (1, 3 and 7 chunks of 240). {@code stitch} is what the read
 * function does per answer: a binary search per chunk and a Netty buffer that references the chunks' bytes
 * ({@code MarketDataReader.renderCandles} + {@code CacheResponses.byteBuf}); {@code stitchAndCopy} adds the one copy
 * the transport then makes into pooled direct memory as it writes the answer (which any endpoint pays, the
 * constant-bytes one too). No cache lookup: the chunks are in hand.
 *
 * <pre>
 * java -cp bench/target/classes:$(cat bench/target/bench.classpath) org.openjdk.jmh.Main ChunkAssemblyBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class ChunkAssemblyBenchmark {

    @Param({"100", "500", "1500"})
    public int limit;

    private CandleQuery query;
    private SeriesRange range;
    private List<SeriesChunk> chunks;

    @Setup(Level.Trial)
    public void setUp() {
        DemoChunks data = new DemoChunks(1, 2, 1);
        Instrument instrument = data.market.instruments().get(0);
        query = new CandleQuery(instrument, Timeframe.M1, null, null, limit);
        range = query.range(data.spec.nowMillis());
        chunks = new ArrayList<>();
        for (SeriesKey k : data.latestKeys(instrument, limit)) {
            chunks.add(data.chunks.get(k));
        }
    }

    @Benchmark
    public ByteBuf stitch() {
        return CacheResponses.byteBuf(MarketDataReader.renderCandles(query, range, chunks));
    }

    @Benchmark
    public int stitchAndCopy() {
        ByteBuf body = stitch();
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(body.readableBytes());
        try {
            direct.writeBytes(body);
            return direct.readableBytes();
        } finally {
            direct.release();
        }
    }
}
