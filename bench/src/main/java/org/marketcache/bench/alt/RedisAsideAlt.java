package org.marketcache.bench.alt;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * (c) Redis-only cache-aside on the same Quarkus Redis client the read function uses: {@code GET}; on a miss load,
 * answer, and {@code SET ... PX ttl} without waiting. Shared by every pod, but every hit is a round trip.
 */
@ApplicationScoped
public class RedisAsideAlt implements AltCache {
    @Inject
    Redis redis;
    @ConfigProperty(name = "bench.alt.redis-prefix")
    String prefix;

    @Override
    public String name() {
        return "redis";
    }

    private String redisKey(AltRequest r) {
        return prefix + ":redis:" + r.key();
    }

    @Override
    public Uni<AltAnswer> get(AltRequest request, Supplier<Uni<byte[]>> loader) {
        String key = redisKey(request);
        return Uni.createFrom().completionStage(() -> redis.send(Request.cmd(Command.GET).arg(key)).toCompletionStage())
                .chain(resp -> {
                    if (resp != null) {
                        return Uni.createFrom().item(new AltAnswer(resp.toBytes(), "L2", 0));
                    }
                    long start = System.nanoTime();
                    return loader.get().map(body -> {
                        redis.send(Request.cmd(Command.SET).arg(key).arg(body).arg("PX")
                                .arg(request.ttl().toMillis()));
                        return new AltAnswer(body, "L3", System.nanoTime() - start);
                    });
                });
    }

    @Override
    public Uni<Void> reset() {
        return Uni.createFrom().completionStage(() -> RedisKeys.unlinkByPrefix(redis, prefix + ":redis:"))
                .replaceWithVoid();
    }
}
