package org.marketcache.runtime.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.tier.LoadCoordinator;
import org.marketcache.core.tier.Tier;
import org.marketcache.marketdata.cache.KeySchema;

import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;

/**
 * Cross-pod single flight on Redis: one {@code SET NX PX} lease per key, taken and given back per group with one
 * script call ({@code lua/lease.lua}, {@code lua/release.lua}). A lease holds this pod's random token, so a pod
 * only ever releases its own leases; a pod that dies leaves leases that expire by themselves.
 */
public final class RedisLoadCoordinator<K extends CacheKey> implements LoadCoordinator<K> {
    /** Lease lifetime and call deadline (reloadable). */
    public record Settings(Duration leaseTtl, Duration timeout) {
    }

    private final Redis redis;
    private final KeySchema keys;
    private final String token;
    private final Supplier<Settings> settings;
    private final String endpoint;
    private final LuaScript lease = LuaScript.load("lease");
    private final LuaScript release = LuaScript.load("release");

    public RedisLoadCoordinator(Redis redis, KeySchema keys, String token, Supplier<Settings> settings,
            String endpoint) {
        this.redis = redis;
        this.keys = keys;
        this.token = token;
        this.settings = settings;
        this.endpoint = endpoint;
    }

    @Override
    public CompletionStage<Set<K>> tryAcquire(Collection<K> wanted) {
        Settings s = settings.get();
        Set<K> acquired = new HashSet<>();
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        for (List<K> group : CacheKey.byGroup(wanted).values()) {
            List<String> leaseKeys = new ArrayList<>(group.size());
            for (K k : group) {
                leaseKeys.add(keys.lease(k.id()));
            }
            parts.add(Deadline.within(lease.run(redis, leaseKeys, List.of(token, Long.toString(s.leaseTtl().toMillis()))),
                    Tier.L2, "lease", "acquire", s.timeout(), endpoint).thenAccept((Response r) -> {
                        synchronized (acquired) {
                            for (int i = 0; i < group.size(); i++) {
                                if (r.get(i).toInteger() == 1) {
                                    acquired.add(group.get(i));
                                }
                            }
                        }
                    }).toCompletableFuture());
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> acquired);
    }

    @Override
    public void release(Collection<K> held) {
        for (List<K> group : CacheKey.byGroup(held).values()) {
            List<String> leaseKeys = new ArrayList<>(group.size());
            for (K k : group) {
                leaseKeys.add(keys.lease(k.id()));
            }
            release.run(redis, leaseKeys, List.of(token));
        }
    }
}
