package org.marketcache.warm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.marketcache.core.tier.Tier;
import org.marketcache.core.TimeSource;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.config.MarketCacheConfig;
import org.marketcache.runtime.fault.FaultGuards;
import org.marketcache.runtime.redis.Deadline;
import org.marketcache.runtime.redis.LuaScript;

import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;

/**
 * The cluster-wide ranking of hot keys: one Redis sorted set ({@link KeySchema#hotKeys()}) that every read pod
 * merges its sampled top keys into ({@code lua/hot_merge.lua}) and that warm-up reads from the top
 * ({@code lua/hot_top.lua}).
 *
 * <p>Design note. Scores decay exponentially with {@code marketcache.hot-keys.half-life}: each merge first
 * multiplies the set by {@code 2^(-elapsed/half-life)} since the last decay (a stamp in a second key with the same
 * hash tag, so both scripts touch one cluster slot), then adds. Readers decay the scores once more, from the stamp
 * to now, so a score read at any time is "requests, halved every half-life". A symbol nobody asks for any more
 * halves every half-life and is dropped once under {@code floor}; the set never holds more than
 * {@code max-entries}, and it expires on its own if no pod merges for a long time. Members are key ids; whoever
 * reads them turns them back into keys with {@link KeySchema#parse} and skips what does not parse.
 */
@ApplicationScoped
public class HotKeyRanking {
    /** The ranking expires after this many half-lives without a merge (at least a day). */
    private static final int IDLE_HALF_LIVES = 48;

    private final LuaScript merge = LuaScript.load("hot_merge");
    private final LuaScript top = LuaScript.load("hot_top");

    @Inject
    Redis redis;
    @Inject
    KeySchema keys;
    @Inject
    HotKeysConfig config;
    @Inject
    MarketCacheConfig cacheConfig;
    @Inject
    TimeSource time;
    @Inject
    FaultGuards guards;
    @Inject
    CacheTiers tiers;

    /** Adds {@code increments} (key id, estimated requests) after decaying the ranking; answers its new size. */
    public CompletionStage<Long> merge(List<HotKey> increments) {
        if (increments.isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        long now = time.currentTimeMillis();
        long halfLife = config.halfLife().toMillis();
        long idle = Math.max(Duration.ofDays(1).toMillis(), halfLife * IDLE_HALF_LIVES);
        List<Object> args = new ArrayList<>(5 + increments.size() * 2);
        args.add(Long.toString(now));
        args.add(Long.toString(halfLife));
        args.add(Double.toString(config.floor()));
        args.add(Integer.toString(config.maxEntries()));
        args.add(Long.toString(idle));
        for (HotKey k : increments) {
            args.add(k.id());
            args.add(Double.toString(k.score()));
        }
        return guards.redis(() -> Deadline.within(merge.run(redis, List.of(keys.hotKeys(), keys.hotKeysDecayedAt()),
                args), Tier.L2, "hot-keys", "merge", cacheConfig.redis().timeout(), tiers.redisEndpoint()))
                .thenApply(Response::toLong);
    }

    /** The {@code n} hottest key ids with their scores decayed to now, hottest first. */
    public CompletionStage<List<HotKey>> top(int n) {
        if (n <= 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        return guards.redis(() -> Deadline.within(top.run(redis, List.of(keys.hotKeys(), keys.hotKeysDecayedAt()),
                List.of(Integer.toString(n))), Tier.L2, "hot-keys", "top", cacheConfig.redis().timeout(),
                tiers.redisEndpoint())).thenApply(this::parse);
    }

    private List<HotKey> parse(Response r) {
        long now = time.currentTimeMillis();
        Response stamp = r.get(0);
        double factor = 1.0;
        if (stamp != null) {
            long elapsed = Math.max(0, now - stamp.toLong());
            factor = Math.pow(2, -(double) elapsed / config.halfLife().toMillis());
        }
        List<HotKey> out = new ArrayList<>((r.size() - 1) / 2);
        for (int i = 1; i + 1 < r.size(); i += 2) {
            out.add(new HotKey(r.get(i).toString(), r.get(i + 1).toDouble() * factor));
        }
        return out;
    }
}
