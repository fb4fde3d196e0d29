package org.marketcache.core.metrics;

import org.marketcache.core.tier.Tier;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer binding of {@link CacheMetrics}. Names reuse Micrometer's cache vocabulary and add {@code tier}; tag
 * values come only from the bounded set of cache names, tiers and results, never from symbols or keys.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><td>{@code cache.gets{cache,tier,result}}</td><td>counter, keys per result</td></tr>
 *   <tr><td>{@code cache.latency{cache,tier}}</td><td>timer with P50/P95/P99 and a histogram</td></tr>
 *   <tr><td>{@code cache.loads{cache,result}}</td><td>timer of batch loads from the source</td></tr>
 *   <tr><td>{@code cache.singleflight.waits{cache,scope}}</td><td>counter, scope = pod | cluster</td></tr>
 *   <tr><td>{@code cache.bytes.read|written{cache,tier}}</td><td>counters of L2 payload bytes</td></tr>
 *   <tr><td>{@code cache.stale.served{cache}}</td><td>counter, values served stale because the source failed</td></tr>
 *   <tr><td>{@code cache.refreshes{cache,tier,result}}</td><td>counter of background refreshes</td></tr>
 * </table>
 */
public final class MicrometerCacheMetrics implements CacheMetrics {
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, CacheMeters> byCache = new ConcurrentHashMap<>();

    public MicrometerCacheMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public CacheMeters forCache(String cache) {
        return byCache.computeIfAbsent(cache, this::build);
    }

    private CacheMeters build(String cache) {
        Tier[] tiers = Tier.values();
        Result[] results = Result.values();
        Counter[][] gets = new Counter[tiers.length][results.length];
        Timer[] latency = new Timer[tiers.length];
        Counter[] read = new Counter[tiers.length];
        Counter[] written = new Counter[tiers.length];
        Counter[][] refreshes = new Counter[tiers.length][2];
        for (Tier t : tiers) {
            for (Result r : results) {
                gets[t.ordinal()][r.ordinal()] = Counter.builder("cache.gets").tag("cache", cache)
                        .tag("tier", t.label()).tag("result", r.label())
                        .description("Keys looked up, by the tier that was asked and what it answered")
                        .register(registry);
            }
            latency[t.ordinal()] = Timer.builder("cache.latency").tag("cache", cache).tag("tier", t.label())
                    .description("Time of one call to a tier (a batch counts once)")
                    .publishPercentiles(0.5, 0.95, 0.99).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(200)).maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry);
            read[t.ordinal()] = Counter.builder("cache.bytes.read").tag("cache", cache).tag("tier", t.label())
                    .baseUnit("bytes").register(registry);
            written[t.ordinal()] = Counter.builder("cache.bytes.written").tag("cache", cache)
                    .tag("tier", t.label()).baseUnit("bytes").register(registry);
            refreshes[t.ordinal()][0] = Counter.builder("cache.refreshes").tag("cache", cache)
                    .tag("tier", t.label()).tag("result", "success").register(registry);
            refreshes[t.ordinal()][1] = Counter.builder("cache.refreshes").tag("cache", cache)
                    .tag("tier", t.label()).tag("result", "failure").register(registry);
        }
        Timer loadOk = Timer.builder("cache.loads").tag("cache", cache).tag("result", "success")
                .description("Batch loads from the source of record").publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        Timer loadFailed = Timer.builder("cache.loads").tag("cache", cache).tag("result", "failure")
                .register(registry);
        Counter podWaits = Counter.builder("cache.singleflight.waits").tag("cache", cache).tag("scope", "pod")
                .register(registry);
        Counter clusterWaits = Counter.builder("cache.singleflight.waits").tag("cache", cache)
                .tag("scope", "cluster").register(registry);
        Counter staleServed = Counter.builder("cache.stale.served").tag("cache", cache)
                .description("Values served past expiry because the source failed").register(registry);
        return new CacheMeters() {
            @Override
            public void gets(Tier tier, Result result, int count) {
                gets[tier.ordinal()][result.ordinal()].increment(count);
            }

            @Override
            public void latency(Tier tier, long nanos) {
                latency[tier.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void load(boolean success, long nanos) {
                (success ? loadOk : loadFailed).record(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void singleFlightWait(String scope) {
                ("pod".equals(scope) ? podWaits : clusterWaits).increment();
            }

            @Override
            public void bytesRead(Tier tier, long bytes) {
                read[tier.ordinal()].increment(bytes);
            }

            @Override
            public void bytesWritten(Tier tier, long bytes) {
                written[tier.ordinal()].increment(bytes);
            }

            @Override
            public void servedStaleOnError(int count) {
                staleServed.increment(count);
            }

            @Override
            public void refresh(Tier from, boolean success) {
                refreshes[from.ordinal()][success ? 0 : 1].increment();
            }
        };
    }
}
