package org.marketcache.bench.jmh;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.metrics.CacheMetrics;
import org.marketcache.core.tier.CacheTier;
import org.marketcache.core.tier.CaffeineTier;
import org.marketcache.core.tier.LocalStore;
import org.marketcache.core.metrics.MicrometerCacheMetrics;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.core.tier.Tier;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.core.TimeSource;
import org.marketcache.core.policy.TtlPolicy;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.marketdata.query.CandleQuery;
import org.marketcache.marketdata.query.SeriesRange;
import org.marketcache.runtime.http.CacheResponses;
import org.marketcache.runtime.read.MarketDataReader;
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

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * Question: what does a library-level L1 hit cost (target: P99 under 20 µs), for the read function's most common
 * request, "latest 500 one-minute candles" of a Zipf-drawn instrument: {@code TieredCache.peekAll} over its chunk
 * keys plus stitching the response from pre-encoded fragments into the Netty buffer the read function hands to
 * the HTTP layer (references to the cached bytes, no copy), with the production metrics binding or none; and what
 * the same answer costs from a plain Caffeine cache of whole responses keyed by the request (what the key-value
 * alternatives do on a hit, wrapped the same way), the floor for any in-process cache. The transport's copy into
 * its direct memory, which every endpoint pays alike, is in {@link ChunkAssemblyBenchmark#stitchAndCopy}.
 *
 * <pre>
 * java -cp bench/target/classes:$(cat bench/target/bench.classpath) org.openjdk.jmh.Main L1PathBenchmark
 * </pre>
 * Sample-time mode: the JMH output lists p0.50 .. p0.9999 per parameter set. The forked JVM's heap is fixed and
 * pre-touched ({@code -Xms1g -Xmx1g -XX:+AlwaysPreTouch}, as a pod runs): on a growing heap, first touches of new
 * heap pages put about 10% of samples above 300 µs on this machine, which measures the kernel, not the cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class L1PathBenchmark {

    @Param({"marketcache", "marketcache-nometrics", "caffeine-response"})
    public String impl;

    private DemoChunks data;
    private TieredCache<SeriesKey, SeriesChunk> tiered;
    private Cache<String, byte[]> responses;
    private long now;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        data = new DemoChunks(10, 2, 1 << 14);
        now = data.spec.nowMillis();
        TimeSource time = () -> now;
        TtlPolicy<SeriesKey, SeriesChunk> policy = new TtlPolicy<>(new TtlPolicy.Settings(Duration.ofHours(24),
                Duration.ofHours(1), Duration.ofHours(2), 0, Duration.ofHours(3), Duration.ofHours(2),
                Duration.ofMinutes(5)), SeriesChunk::complete);
        Cache<SeriesKey, CacheEntry<SeriesChunk>> caffeine = Caffeine.newBuilder().maximumSize(4000).build();
        CaffeineTier<SeriesKey, SeriesChunk> l1 = new CaffeineTier<>(LocalStore.caffeine(caffeine), time, policy);
        for (Map.Entry<SeriesKey, SeriesChunk> e : data.chunks.entrySet()) {
            l1.put(e.getKey(), policy.stamp(e.getKey(), e.getValue(), now));
        }
        CacheMetrics metrics = impl.equals("marketcache") ? new MicrometerCacheMetrics(new SimpleMeterRegistry())
                : CacheMetrics.NONE;
        tiered = TieredCache.<SeriesKey, SeriesChunk>builder("candles-1m").l1(l1).l3(new Unreachable())
                .policy(policy).time(time).metrics(metrics).build();
        responses = Caffeine.newBuilder().maximumSize(10_000).build();
        for (Instrument in : data.market.instruments()) {
            responses.put(requestKey(in), ByteBufUtil.getBytes(answer(in)));
        }
    }

    private static String requestKey(Instrument in) {
        return "candles|" + in.keyGroup() + "|1m|null|null|500";
    }

    private ByteBuf answer(Instrument in) {
        CandleQuery q = new CandleQuery(in, Timeframe.M1, null, null, 500);
        SeriesRange r = q.range(now);
        List<SeriesKey> keys = data.latestKeys(in, 500);
        List<SeriesChunk> chunks = tiered.peekAll(keys);
        if (chunks == null) {
            throw new IllegalStateException("L1 does not hold " + keys);
        }
        return CacheResponses.byteBuf(MarketDataReader.renderCandles(q, r, chunks));
    }

    @Benchmark
    public ByteBuf latest500() {
        Instrument in = data.draws[next++ & (data.draws.length - 1)];
        if (impl.equals("caffeine-response")) {
            return Unpooled.wrappedBuffer(responses.getIfPresent(requestKey(in)));
        }
        return answer(in);
    }

    /** L3 that must never be asked: every key is in L1. */
    static final class Unreachable implements CacheTier<SeriesKey, SeriesChunk> {
        @Override
        public Tier tier() {
            return Tier.L3;
        }

        @Override
        public CompletionStage<Map<SeriesKey, CacheEntry<SeriesChunk>>> getAll(Collection<SeriesKey> keys) {
            return CompletableFuture.failedFuture(new IllegalStateException("L1 miss in an L1 benchmark: " + keys));
        }

        @Override
        public CompletionStage<Void> putAll(Map<SeriesKey, CacheEntry<SeriesChunk>> entries) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Long> invalidateAll(Collection<SeriesKey> keys) {
            return CompletableFuture.completedFuture(0L);
        }
    }
}
