package org.marketcache.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Empties a test's own Redis key prefix (what {@code KeySchema.scanPattern()} matches), so a test can start from a
 * cold L2 without touching the keys of other tests on the shared Redis. Walks the prefix with {@code SCAN} and
 * deletes each page it returns; every command waits at most 5 s.
 */
public final class RedisPrefix {
    private static final long TIMEOUT_SECONDS = 5;

    private RedisPrefix() {
    }

    /** Deletes every key matching {@code pattern}; returns how many were deleted. */
    public static long empty(Redis redis, String pattern) {
        return emptyExcept(redis, pattern, key -> false);
    }

    /** Deletes every key matching {@code pattern} except those {@code keep} accepts; returns how many. */
    public static long emptyExcept(Redis redis, String pattern, Predicate<String> keep) {
        long deleted = 0;
        String cursor = "0";
        do {
            Response page = send(redis, Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern)
                    .arg("COUNT").arg(1000));
            cursor = page.get(0).toString();
            List<String> doomed = new ArrayList<>();
            for (Response key : page.get(1)) {
                if (!keep.test(key.toString())) {
                    doomed.add(key.toString());
                }
            }
            if (!doomed.isEmpty()) {
                Request del = Request.cmd(Command.DEL);
                doomed.forEach(del::arg);
                deleted += send(redis, del).toLong();
            }
        } while (!"0".equals(cursor));
        return deleted;
    }

    private static Response send(Redis redis, Request request) {
        try {
            return redis.send(request).toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS,
                    TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while emptying a Redis key prefix", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Redis " + request.command() + " while emptying a test key prefix failed"
                    + " or took over " + TIMEOUT_SECONDS + " s: " + e, e);
        }
    }
}
