package org.marketcache.warm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.marketcache.core.tier.Tier;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.config.MarketCacheConfig;
import org.marketcache.runtime.redis.Deadline;
import org.marketcache.runtime.redis.LuaScript;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * One warm-up at a time across every pod: a Redis key ({@link KeySchema#warmupLease()}) set with {@code NX PX}
 * to the run's random token. The run renews it while it works ({@code lua/renew.lua}) and deletes it when done
 * ({@code lua/release.lua}); both compare the token first, so a run never extends or frees another run's lease. A
 * run that dies leaves a lease that expires by itself within {@code marketcache.warmup.lease-ttl}.
 */
@ApplicationScoped
public class WarmupLease {
    private final LuaScript renew = LuaScript.load("renew");
    private final LuaScript release = LuaScript.load("release");

    @Inject
    Redis redis;
    @Inject
    KeySchema keys;
    @Inject
    MarketCacheConfig config;
    @Inject
    CacheTiers tiers;

    /** Who holds the lease now, and for how much longer. */
    public record Holder(String token, long remainingMillis) {
    }

    /** Takes the lease for {@code token}; answers whether it was free. */
    public CompletionStage<Boolean> tryAcquire(String token, Duration ttl) {
        Request set = Request.cmd(Command.SET).arg(keys.warmupLease()).arg(token).arg("NX").arg("PX")
                .arg(ttl.toMillis());
        return call(redis.send(set).toCompletionStage(), "acquire").thenApply(r -> r != null
                && "OK".equals(r.toString()));
    }

    /** Extends the lease if {@code token} still holds it; answers whether it did. */
    public CompletionStage<Boolean> renew(String token, Duration ttl) {
        return call(renew.run(redis, List.of(keys.warmupLease()), List.of(token, Long.toString(ttl.toMillis()))),
                "renew").thenApply(r -> r.toInteger() == 1);
    }

    /** Frees the lease if {@code token} holds it. */
    public CompletionStage<Boolean> release(String token) {
        return call(release.run(redis, List.of(keys.warmupLease()), List.of(token)), "release")
                .thenApply(r -> r.toInteger() == 1);
    }

    /** The current holder, or {@code null} when the lease is free. */
    public CompletionStage<Holder> holder() {
        String key = keys.warmupLease();
        return call(redis.batch(List.of(Request.cmd(Command.GET).arg(key), Request.cmd(Command.PTTL).arg(key)))
                .toCompletionStage(), "inspect").thenApply(list -> {
                    Response token = list.get(0);
                    return token == null ? null : new Holder(token.toString(), Math.max(0, list.get(1).toLong()));
                });
    }

    private <T> CompletionStage<T> call(CompletionStage<T> c, String op) {
        return Deadline.within(c, Tier.L2, "warmup-lease", op, config.redis().timeout(), tiers.redisEndpoint());
    }
}
