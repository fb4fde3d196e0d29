package org.marketcache.bench.jmh;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.codec.Envelope;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.cache.CandleChunkCodec;
import org.openjdk.jmh.annotations.Benchmark;
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

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Question: what does one chunk of 240 one-minute candles cost on each codec path: built from database rows
 * (binary payload and JSON fragments in one pass), written to L2 (envelope, LZ4 above 1 KiB), read back from L2
 * (envelope, LZ4, binary to JSON fragments: the whole price of an L2 hit besides the round trip); and, as the
 * reference the alternatives pay on a miss, the same candles encoded to JSON with Jackson.
 *
 * <pre>
 * java -cp bench/target/classes:$(cat bench/target/bench.classpath) org.openjdk.jmh.Main CandleCodecBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class CandleCodecBenchmark {

    /** Payloads of at least this many bytes are LZ4-compressed (-1: never), as {@code marketcache.redis.compress-above}. */
    @Param({"1024", "-1"})
    public int compressAbove;

    private List<Candle> rows;
    private SeriesChunk chunk;
    private byte[] l2Value;
    private ObjectMapper jackson;
    private List<Object> jacksonRows;

    record CandleJson(long openTime, String open, String high, String low, String close, String volume,
            boolean closed) {
    }

    @Setup(Level.Trial)
    public void setUp() {
        DemoChunks data = new DemoChunks(1, 1, 1);
        Instrument btc = data.market.instruments().get(0);
        List<Candle> all = data.candles.get(btc);
        rows = new ArrayList<>(all.subList(0, 240));
        long start = DemoChunks.CHUNKING.start(DemoChunks.CHUNKING.index(rows.get(0).openTime()));
        long end = DemoChunks.CHUNKING.end(DemoChunks.CHUNKING.index(rows.get(0).openTime()));
        rows.removeIf(c -> c.openTime() >= end);
        chunk = CandleChunkCodec.build(start, end, rows, true);
        l2Value = Envelope.encode(new CacheEntry<>(chunk, 0, 1, 2, 0), 0, CandleChunkCodec.INSTANCE, compressAbove);
        jackson = new ObjectMapper();
        jacksonRows = new ArrayList<>();
        for (Candle c : rows) {
            jacksonRows.add(new CandleJson(c.openTime(), c.open().toPlainString(), c.high().toPlainString(),
                    c.low().toPlainString(), c.close().toPlainString(), c.volume().toPlainString(), c.closed()));
        }
    }

    @Benchmark
    public SeriesChunk buildFromRows() {
        return CandleChunkCodec.build(chunk.start(), chunk.end(), rows, true);
    }

    @Benchmark
    public byte[] writeToL2() {
        return Envelope.encode(new CacheEntry<>(chunk, 0, 1, 2, 0), 0, CandleChunkCodec.INSTANCE, compressAbove);
    }

    @Benchmark
    public CacheEntry<SeriesChunk> readFromL2() {
        return Envelope.decode(ByteBuffer.wrap(l2Value), CandleChunkCodec.INSTANCE);
    }

    @Benchmark
    public byte[] jacksonEncode() throws Exception {
        return jackson.writeValueAsBytes(jacksonRows);
    }
}
