package org.marketcache.warm;

import org.marketcache.runtime.read.HotKeySampler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.marketcache.core.tier.CacheKey;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link HotKeySampler} on Apache DataSketches' frequent-items sketch (a Misra-Gries / space-saving summary):
 * bounded memory ({@code sketch-size} entries however many distinct keys arrive), with error bounds on each count.
 *
 * <p>Design note. The L1 hit path is benchmarked in microseconds, so a request that is not sampled costs one
 * {@link ThreadLocalRandom} draw and a branch; nothing is allocated and no lock is touched. One request in
 * {@code sample-every} takes the sketch's lock (the sketch is not thread-safe) and counts its keys: at 10k requests
 * per second and the default of 1 in 8, that is ~1.2k short, mostly uncontended critical sections per second.
 * Counts are scaled back by the sampling factor when drained, so scores estimate real requests. The sketch holds
 * the key ids the request already built (no copy); {@link HotKeyPublisher} drains it into the shared ranking
 * every {@code publish-interval} and starts afresh, so memory never grows and no request writes to Redis.
 */
@ApplicationScoped
public class FrequentItemsSampler implements HotKeySampler {
    private final int sampleEvery;
    private final Object lock = new Object();
    private final ItemsSketch<String> sketch;
    private final Counter samples;

    @Inject
    public FrequentItemsSampler(HotKeysConfig config, MeterRegistry registry) {
        this(config.sampleEvery(), config.sketchSize(), registry);
    }

    FrequentItemsSampler(int sampleEvery, int sketchSize, MeterRegistry registry) {
        this.sampleEvery = sampleEvery;
        this.sketch = new ItemsSketch<>(Math.max(8, Integer.highestOneBit(Math.max(8, sketchSize))));
        this.samples = Counter.builder("cache.hotkeys.samples")
                .description("Requests sampled into this pod's hot-key sketch").register(registry);
    }

    private boolean sampled() {
        return sampleEvery == 1 || (sampleEvery > 1 && ThreadLocalRandom.current().nextInt(sampleEvery) == 0);
    }

    @Override
    public void record(CacheKey key) {
        if (!sampled()) {
            return;
        }
        synchronized (lock) {
            sketch.update(key.id());
        }
        samples.increment();
    }

    @Override
    public void record(List<? extends CacheKey> keys) {
        if (keys.isEmpty() || !sampled()) {
            return;
        }
        synchronized (lock) {
            for (int i = 0; i < keys.size(); i++) {
                sketch.update(keys.get(i).id());
            }
        }
        samples.increment();
    }

    /**
     * The {@code topK} most requested keys since the last drain, with estimated request counts (sampled counts
     * times the sampling factor), most requested first; the sketch starts afresh.
     */
    public List<HotKey> drain(int topK) {
        ItemsSketch.Row<String>[] rows;
        synchronized (lock) {
            if (sketch.isEmpty()) {
                return List.of();
            }
            rows = sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES);
            sketch.reset();
        }
        List<HotKey> out = new ArrayList<>(Math.min(topK, rows.length));
        for (ItemsSketch.Row<String> r : rows) {
            out.add(new HotKey(r.getItem(), (double) r.getEstimate() * Math.max(1, sampleEvery)));
        }
        out.sort(Comparator.comparingDouble(HotKey::score).reversed());
        return out.size() > topK ? List.copyOf(out.subList(0, topK)) : out;
    }

    public int sampleEvery() {
        return sampleEvery;
    }
}
