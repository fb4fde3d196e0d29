package org.marketcache.runtime.redis;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.marketcache.core.tier.CacheEntry;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.metrics.CacheMetrics.CacheMeters;
import org.marketcache.core.codec.CorruptValueException;
import org.marketcache.core.policy.EntryPolicy;
import org.marketcache.core.codec.Envelope;
import org.marketcache.core.tier.RemoteTier;
import org.marketcache.core.tier.Tier;
import org.marketcache.core.TimeSource;
import org.marketcache.core.codec.ValueCodec;
import org.marketcache.marketdata.cache.KeySchema;

import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * L2 on Redis through the Quarkus Redis client (the bare Vert.x client: one round trip per group, values read as
 * views of the network buffer).
 *
 * <p>Design note. Every operation is done per <em>group</em> (an instrument): the group's keys share a hash tag,
 * so a group's {@code MGET} or script touches one cluster slot, and a request for one instrument is one round trip.
 * A read fetches the group's generation in the same {@code MGET}; values written under an older generation were
 * invalidated with their group and are skipped. Fills and exact-key invalidations are Lua scripts (resources
 * {@code lua/fill.lua}, {@code lua/tombstone.lua}) so each check-and-write is atomic.
 */
public final class RedisTier<K extends CacheKey, V> implements RemoteTier<K, V> {
    /** What a tier reads from configuration on every call (the values are reloadable). */
    public record Settings(Duration timeout, int compressAbove, Duration tombstoneTtl) {
    }

    private final String cache;
    private final Redis redis;
    private final KeySchema keys;
    private final ValueCodec<V> codec;
    private final Supplier<Settings> settings;
    private final TimeSource time;
    private final EntryPolicy<K, V> policy;
    private final CacheMeters meters;
    private final String endpoint;
    private final LuaScript fill = LuaScript.load("fill");
    private final LuaScript tombstone = LuaScript.load("tombstone");
    private final LuaScript invalidateGroup = LuaScript.load("invalidate_group");

    public RedisTier(String cache, Redis redis, KeySchema keys, ValueCodec<V> codec, Supplier<Settings> settings,
            TimeSource time, EntryPolicy<K, V> policy, CacheMeters meters, String endpoint) {
        this.cache = cache;
        this.redis = redis;
        this.keys = keys;
        this.codec = codec;
        this.settings = settings;
        this.time = time;
        this.policy = policy;
        this.meters = meters;
        this.endpoint = endpoint;
    }

    @Override
    public CompletionStage<RemoteRead<K, V>> read(Collection<K> wanted) {
        Map<String, List<K>> groups = CacheKey.byGroup(wanted);
        Duration timeout = settings.get().timeout();
        Map<K, CacheEntry<V>> entries = new HashMap<>();
        Map<K, Long> versions = new HashMap<>();
        Map<String, Long> generations = new HashMap<>();
        int[] corrupt = {0};
        CompletableFuture<?>[] parts = new CompletableFuture<?>[groups.size()];
        int i = 0;
        for (Map.Entry<String, List<K>> g : groups.entrySet()) {
            Request mget = Request.cmd(Command.MGET).arg(keys.generation(g.getKey(), cache));
            for (K k : g.getValue()) {
                mget.arg(k.id());
            }
            parts[i++] = Deadline.within(redis.send(mget).toCompletionStage(), Tier.L2, cache, "MGET", timeout,
                    endpoint).thenAccept(resp -> {
                        synchronized (entries) {
                            parse(resp, g.getKey(), g.getValue(), entries, versions, generations, corrupt);
                        }
                    }).toCompletableFuture();
        }
        return CompletableFuture.allOf(parts).thenApply(v -> new RemoteRead<>(entries, versions, generations,
                corrupt[0]));
    }

    private void parse(Response resp, String group, List<K> groupKeys, Map<K, CacheEntry<V>> entries,
            Map<K, Long> versions, Map<String, Long> generations, int[] corrupt) {
        Response genResp = resp.get(0);
        long generation = genResp == null ? 0L : genResp.toLong();
        generations.put(group, generation);
        long now = time.currentTimeMillis();
        long retention = policy.staleIfErrorMillis();
        long bytes = 0;
        for (int i = 0; i < groupKeys.size(); i++) {
            Response value = resp.get(i + 1);
            if (value == null) {
                continue;
            }
            Buffer buf = value.toBuffer();
            if (buf == null) {
                continue;
            }
            K k = groupKeys.get(i);
            bytes += buf.length();
            ByteBuffer view = buf.getByteBuf().nioBuffer();
            Envelope.Header header;
            try {
                header = Envelope.readHeader(view);
            } catch (CorruptValueException e) {
                versions.put(k, ANY);
                corrupt[0]++;
                continue;
            }
            versions.put(k, header.version());
            if (header.tombstone() || header.generation() != generation || now >= header.expireAt() + retention) {
                continue;
            }
            try {
                entries.put(k, Envelope.readValue(header, view, codec));
            } catch (CorruptValueException e) {
                versions.put(k, ANY);
                corrupt[0]++;
            }
        }
        meters.bytesRead(Tier.L2, bytes);
    }

    @Override
    public CompletionStage<Set<K>> fill(Collection<Fill<K, V>> fills) {
        Settings s = settings.get();
        long now = time.currentTimeMillis();
        long retention = policy.staleIfErrorMillis();
        Map<String, List<Fill<K, V>>> groups = new LinkedHashMap<>();
        for (Fill<K, V> f : fills) {
            groups.computeIfAbsent(f.key().group() + "#" + f.expectedGeneration(), x -> new ArrayList<>()).add(f);
        }
        Set<K> written = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> parts = new ArrayList<>();
        for (List<Fill<K, V>> group : groups.values()) {
            long generation = group.get(0).expectedGeneration();
            String groupName = group.get(0).key().group();
            List<String> scriptKeys = new ArrayList<>(group.size() + 2);
            List<Object> args = new ArrayList<>(group.size() * 3 + 2);
            scriptKeys.add(keys.generation(groupName, cache));
            scriptKeys.add(keys.index(groupName));
            args.add(Long.toString(generation));
            int argIndexTtl = args.size();
            args.add("0");
            long bytes = 0;
            long longest = 1;
            for (Fill<K, V> f : group) {
                byte[] value = Envelope.encode(f.entry(), generation, codec, s.compressAbove());
                bytes += value.length;
                long px = Math.max(1, f.entry().expireAt() + retention - now);
                longest = Math.max(longest, px);
                scriptKeys.add(f.key().id());
                args.add(value);
                args.add(Long.toString(px));
                args.add(f.expectedVersion() == ANY ? "*"
                        : f.expectedVersion() == ABSENT ? "" : Envelope.versionBytes(f.expectedVersion()));
            }
            args.set(argIndexTtl, Long.toString(longest));
            long encoded = bytes;
            parts.add(Deadline.within(fill.run(redis, scriptKeys, args), Tier.L2, cache, "fill", s.timeout(),
                    endpoint).thenAccept(r -> {
                        if (r.type() != ResponseType.MULTI) {
                            return; // -1: the generation moved, nothing written
                        }
                        long bytesWritten = 0;
                        for (int i = 0; i < group.size(); i++) {
                            if (r.get(i).toInteger() == 1) {
                                written.add(group.get(i).key());
                                bytesWritten += encoded / group.size();
                            }
                        }
                        meters.bytesWritten(Tier.L2, bytesWritten);
                    }).toCompletableFuture());
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> written);
    }

    @Override
    public CompletionStage<Long> invalidateGroup(String group) {
        Settings s = settings.get();
        return Deadline.within(invalidateGroup.run(redis, List.of(keys.generation(group, cache), keys.index(group)),
                List.of(keys.cachePrefix(group, cache))), Tier.L2, cache, "invalidate-group", s.timeout(), endpoint)
                .thenApply(Response::toLong);
    }

    /** Unconditional write (contract, tools): the current generation is read first, then the values overwrite. */
    @Override
    public CompletionStage<Void> putAll(Map<K, CacheEntry<V>> values) {
        return read(values.keySet()).thenCompose(read -> {
            List<Fill<K, V>> fills = new ArrayList<>(values.size());
            values.forEach((k, e) -> fills.add(new Fill<>(k, e, read.generation(k.group()), ANY)));
            return fill(fills);
        }).thenApply(n -> null);
    }

    /** Exact-key invalidation: each key becomes a versioned tombstone (see {@code lua/tombstone.lua}). */
    @Override
    public CompletionStage<Long> invalidateAll(Collection<K> wanted) {
        Settings s = settings.get();
        byte[] template = Envelope.tombstone(0, 0, time.currentTimeMillis());
        List<CompletableFuture<Long>> parts = new ArrayList<>();
        for (Map.Entry<String, List<K>> g : CacheKey.byGroup(wanted).entrySet()) {
            List<String> scriptKeys = new ArrayList<>();
            for (K k : g.getValue()) {
                scriptKeys.add(k.id());
            }
            parts.add(Deadline.within(tombstone.run(redis, scriptKeys,
                    List.of(template, Long.toString(s.tombstoneTtl().toMillis()))), Tier.L2, cache, "tombstone",
                    s.timeout(), endpoint).thenApply(r -> r.toLong()).toCompletableFuture());
        }
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> parts.stream().mapToLong(CompletableFuture::join).sum());
    }
}
