package org.marketcache.bench.alt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.Redisson;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;
import org.redisson.config.Config;

import io.smallrye.mutiny.Uni;

/**
 * (d) Redisson {@code RLocalCachedMap}: a near cache (Redisson's local map, LRU, bounded, with a lifetime) in front
 * of a Redis hash, kept coherent across pods by Redisson's invalidation messages. Redisson's default client
 * settings; string keys and byte-array values (no object codec to pay for). One map per kind of value, because a
 * map has one local lifetime; the open-source map has no per-entry lifetime in Redis, so expired-by-bucket keys stay
 * in the hash until {@link #reset()}.
 *
 * <p>Which tier answered: a local hit completes the future before {@code getAsync} returns; a Redis hit later.
 */
@ApplicationScoped
public class RedissonAlt implements AltCache {
    @ConfigProperty(name = "bench.alt.redis-prefix")
    String prefix;
    @ConfigProperty(name = "bench.redis.uri")
    String uri;
    @ConfigProperty(name = "bench.alt.local-entries")
    int localEntries;

    private RedissonClient client;
    private final Map<String, RLocalCachedMap<String, byte[]>> maps = new LinkedHashMap<>();

    @PostConstruct
    void start() {
        Config config = new Config();
        config.useSingleServer().setAddress(uri);
        client = Redisson.create(config);
        CompositeCodec codec = new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE);
        for (Map.Entry<String, Duration> kind : Map.of("recent", AltRequest.RECENT_TTL, "history",
                AltRequest.HISTORY_TTL, "tickers", AltRequest.TICKER_TTL, "orderbooks", AltRequest.ORDERBOOK_TTL)
                .entrySet()) {
            LocalCachedMapOptions<String, byte[]> options = LocalCachedMapOptions.<String, byte[]>name(
                    prefix + ":redisson:" + kind.getKey())
                    .codec(codec)
                    .cacheSize(localEntries)
                    .evictionPolicy(LocalCachedMapOptions.EvictionPolicy.LRU)
                    .timeToLive(kind.getValue());
            maps.put(kind.getKey(), client.getLocalCachedMap(options));
        }
    }

    @PreDestroy
    void stop() {
        if (client != null) {
            client.shutdown();
        }
    }

    @Override
    public String name() {
        return "redisson";
    }

    @Override
    public Uni<AltAnswer> get(AltRequest request, Supplier<Uni<byte[]>> loader) {
        RLocalCachedMap<String, byte[]> map = maps.get(request.kind());
        CompletableFuture<byte[]> f = map.getAsync(request.key()).toCompletableFuture();
        boolean local = f.isDone();
        return Uni.createFrom().completionStage(f).chain(body -> {
            if (body != null) {
                return Uni.createFrom().item(new AltAnswer(body, local ? "L1" : "L2", 0));
            }
            long start = System.nanoTime();
            return loader.get().map(loaded -> {
                map.fastPutAsync(request.key(), loaded);
                return new AltAnswer(loaded, "L3", System.nanoTime() - start);
            });
        });
    }

    @Override
    public Uni<Void> reset() {
        List<CompletableFuture<Boolean>> parts = new ArrayList<>();
        for (RLocalCachedMap<String, byte[]> m : maps.values()) {
            m.clearLocalCache();
            parts.add(m.deleteAsync().toCompletableFuture());
        }
        return Uni.createFrom().completionStage(CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])))
                .replaceWithVoid();
    }
}
