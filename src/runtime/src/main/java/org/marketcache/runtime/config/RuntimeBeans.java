package org.marketcache.runtime.config;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.marketcache.core.engine.Delayer;
import org.marketcache.core.TimeSource;
import org.marketcache.marketdata.cache.ChunkKeys;
import org.marketcache.marketdata.cache.ChunkSizes;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.runtime.read.HotKeySampler;

import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.arc.DefaultBean;
import io.vertx.core.Vertx;

/**
 * Small shared beans: the clock, the key schema and chunk sizes, the Vert.x-backed delayer, and the metrics filter.
 */
@Singleton
public class RuntimeBeans {

    /** The wall clock; tests replace it with a {@link org.marketcache.core.testing.ManualTimeSource}. */
    @Produces
    @ApplicationScoped
    TimeSource timeSource() {
        return TimeSource.SYSTEM;
    }

    /**
     * No hot-key sampling where no warm-up engine is on the class path (ingest, invalidate); the read function's
     * sampler replaces this bean.
     */
    @Produces
    @DefaultBean
    @Singleton
    HotKeySampler noHotKeySampling() {
        return HotKeySampler.NONE;
    }

    @Produces
    @Singleton
    KeySchema keySchema(MarketCacheConfig config) {
        return new KeySchema(config.redis().keyPrefix());
    }

    @Produces
    @Singleton
    ChunkSizes chunkSizes(MarketCacheConfig config) {
        return ChunkSizes.byLabel(config.candles().chunkCandles(), config.trades().chunkSpan());
    }

    @Produces
    @Singleton
    ChunkKeys chunkKeys(KeySchema keys, ChunkSizes sizes) {
        return new ChunkKeys(keys, sizes);
    }

    /** Waits on the Vert.x timer: no thread parked while a pod waits for another pod's fill. */
    @Produces
    @Singleton
    Delayer delayer(Vertx vertx) {
        return millis -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            vertx.setTimer(Math.max(1, millis), id -> f.complete(null));
            return f;
        };
    }

    /**
     * Quarkus' own Caffeine meters ({@code cache.gets{cache,result}} ...) would clash with the tier-tagged meters of
     * the same names; ours replace them, so theirs are dropped. They are recognised by a {@code cache} tag without a
     * {@code tier} tag, so meters of ours that describe no single cache ({@code cache.warmup.runs},
     * {@code cache.hotkeys.*}) stay.
     */
    @Produces
    @Singleton
    MeterFilter dropUntieredCacheMeters() {
        return MeterFilter.deny(id -> id.getName().startsWith("cache.") && id.getTag("cache") != null
                && id.getTag("tier") == null);
    }
}
