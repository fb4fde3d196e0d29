package org.marketcache.bench.alt;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.alicp.jetcache.Cache;
import com.alicp.jetcache.CacheGetResult;
import com.alicp.jetcache.MultiLevelCacheBuilder;
import com.alicp.jetcache.embedded.CaffeineCacheBuilder;
import com.alicp.jetcache.redis.lettuce.RedisLettuceCacheBuilder;
import com.alicp.jetcache.support.Fastjson2KeyConvertor;
import com.alicp.jetcache.support.JavaValueDecoder;
import com.alicp.jetcache.support.JavaValueEncoder;

import io.lettuce.core.RedisClient;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.redis.client.Redis;

/**
 * (e) JetCache two-level cache: a Caffeine-backed local cache and a Lettuce-backed Redis cache joined by JetCache's
 * {@code MultiLevelCache}, built with its documented builders and default value encoding (Java serialisation).
 *
 * <p>JetCache's cache API is blocking, so a Quarkus user cannot call it on an event loop. The local level alone
 * is a map lookup and is asked on the event loop first (an L1 hit never leaves it); only when it misses does the
 * request move to a worker thread for the two-level {@code GET} (which also refills the local level).
 */
@ApplicationScoped
public class JetCacheAlt implements AltCache {
    @ConfigProperty(name = "bench.alt.redis-prefix")
    String prefix;
    @ConfigProperty(name = "bench.redis.uri")
    String uri;
    @ConfigProperty(name = "bench.alt.local-entries")
    int localEntries;
    @Inject
    Redis redis;

    private RedisClient lettuce;
    private final Map<String, Cache<String, byte[]>> local = new LinkedHashMap<>();
    private final Map<String, Cache<String, byte[]>> twoLevel = new LinkedHashMap<>();

    @PostConstruct
    @SuppressWarnings("unchecked")
    void start() {
        lettuce = RedisClient.create(uri);
        for (Map.Entry<String, Duration> kind : Map.of("recent", AltRequest.RECENT_TTL, "history",
                AltRequest.HISTORY_TTL, "tickers", AltRequest.TICKER_TTL, "orderbooks", AltRequest.ORDERBOOK_TTL)
                .entrySet()) {
            long ttlMillis = kind.getValue().toMillis();
            Cache<String, byte[]> memory = CaffeineCacheBuilder.createCaffeineCacheBuilder()
                    .limit(localEntries)
                    .expireAfterWrite(ttlMillis, TimeUnit.MILLISECONDS)
                    .buildCache();
            Cache<String, byte[]> remote = RedisLettuceCacheBuilder.createRedisLettuceCacheBuilder()
                    .redisClient(lettuce)
                    .keyPrefix(prefix + ":jetcache:" + kind.getKey() + ":")
                    .keyConvertor(Fastjson2KeyConvertor.INSTANCE)
                    .valueEncoder(JavaValueEncoder.INSTANCE)
                    .valueDecoder(JavaValueDecoder.INSTANCE)
                    .expireAfterWrite(ttlMillis, TimeUnit.MILLISECONDS)
                    .buildCache();
            Cache<String, byte[]> both = MultiLevelCacheBuilder.createMultiLevelCacheBuilder()
                    .addCache(memory, remote)
                    .expireAfterWrite(ttlMillis, TimeUnit.MILLISECONDS)
                    .buildCache();
            local.put(kind.getKey(), memory);
            twoLevel.put(kind.getKey(), both);
        }
    }

    @PreDestroy
    void stop() {
        if (lettuce != null) {
            lettuce.shutdown();
        }
    }

    @Override
    public String name() {
        return "jetcache";
    }

    @Override
    public Uni<AltAnswer> get(AltRequest request, Supplier<Uni<byte[]>> loader) {
        CacheGetResult<byte[]> near = local.get(request.kind()).GET(request.key());
        if (near.isSuccess()) {
            return Uni.createFrom().item(new AltAnswer(near.getValue(), "L1", 0));
        }
        Cache<String, byte[]> both = twoLevel.get(request.kind());
        return Uni.createFrom().item(() -> both.GET(request.key()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(r -> {
                    if (r.isSuccess()) {
                        return Uni.createFrom().item(new AltAnswer(r.getValue(), "L2", 0));
                    }
                    long start = System.nanoTime();
                    return loader.get().map(body -> {
                        both.PUT(request.key(), body, request.ttl().toMillis(), TimeUnit.MILLISECONDS);
                        return new AltAnswer(body, "L3", System.nanoTime() - start);
                    });
                });
    }

    @Override
    public Uni<Void> reset() {
        for (Cache<String, byte[]> c : local.values()) {
            c.unwrap(com.github.benmanes.caffeine.cache.Cache.class).invalidateAll();
        }
        return Uni.createFrom().completionStage(() -> RedisKeys.unlinkByPrefix(redis, prefix + ":jetcache:"))
                .replaceWithVoid();
    }
}
