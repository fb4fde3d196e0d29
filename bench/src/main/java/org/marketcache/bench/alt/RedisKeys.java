package org.marketcache.bench.alt;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/** Deletes every key under a prefix with SCAN and UNLINK (never KEYS), so an alternative can start cold. */
final class RedisKeys {
    private RedisKeys() {
    }

    static CompletionStage<Long> unlinkByPrefix(Redis redis, String prefix) {
        return step(redis, prefix + "*", "0", 0);
    }

    private static CompletionStage<Long> step(Redis redis, String pattern, String cursor, long deleted) {
        return redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(1000))
                .toCompletionStage().thenCompose(resp -> {
                    String next = resp.get(0).toString();
                    Response keys = resp.get(1);
                    CompletionStage<Long> unlinked;
                    if (keys.size() == 0) {
                        unlinked = CompletableFuture.completedFuture(0L);
                    } else {
                        Request unlink = Request.cmd(Command.UNLINK);
                        for (Response k : keys) {
                            unlink.arg(k.toBuffer());
                        }
                        unlinked = redis.send(unlink).toCompletionStage().thenApply(Response::toLong);
                    }
                    return unlinked.thenCompose(n -> "0".equals(next) ? CompletableFuture.completedFuture(deleted + n)
                            : step(redis, pattern, next, deleted + n));
                });
    }
}
