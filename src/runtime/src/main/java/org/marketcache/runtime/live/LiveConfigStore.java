package org.marketcache.runtime.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.marketcache.core.tier.Tier;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.redis.Deadline;
import org.marketcache.runtime.redis.LuaScript;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * The live-configuration document in Redis, under the product key prefix:
 * <pre>
 * {prefix}:v1:{config}           hash: version, config (JSON), updatedAt, updatedBy
 * {prefix}:v1:{config}:history   list of the last versions, newest first: version, at, by, reason, diff, config
 * {prefix}:v1:{config}:pods      hash: one acknowledgement per live pod (function/pod), with its own expiry time
 * {prefix}:v1:config:changed     pub/sub channel: the new version number after every write
 * </pre>
 * A write is a compare-and-set on the version in one Lua script ({@code lua/config_set.lua}), which also keeps the
 * history capped and announces the new version. Nothing stored means version 0: each function's own configuration.
 * Every call carries the Redis deadline of the settings in force.
 */
@ApplicationScoped
public class LiveConfigStore {
    /** Versions kept in the history. */
    public static final int HISTORY = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Redis redis;
    @Inject
    KeySchema keys;
    @Inject
    LiveConfig live;
    @Inject
    CacheTiers tiers;

    private final LuaScript set = LuaScript.load("config_set");

    /** A stored version: the document and who wrote it when (version 0 has neither). */
    public record Stored(long version, JsonNode config, String updatedAt, String updatedBy) {
    }

    /** The outcome of a compare-and-set: written as {@code version} at {@code at}, or refused because {@code version} is current. */
    public record Written(boolean written, long version, String at) {
    }

    /** A pod's acknowledgement of the version it runs. */
    public record PodAck(String function, String pod, String startedAt, long version, String appliedAt,
            String status, String reason, String seenAt, long expiresAtMillis) {
        String field() {
            return function + "/" + pod;
        }
    }

    String base() {
        return keys.prefix() + ":v1:{config}";
    }

    /** The channel on which every write announces its version. */
    public String channel() {
        return keys.prefix() + ":v1:config:changed";
    }

    /** The stored version, or empty when nothing was ever written (every pod then runs its version 0). */
    public CompletionStage<Optional<Stored>> current() {
        return call("HMGET", Request.cmd(Command.HMGET).arg(base()).arg("version").arg("config").arg("updatedAt")
                .arg("updatedBy")).thenApply(r -> {
                    if (r.get(0) == null) {
                        return Optional.empty();
                    }
                    return Optional.of(new Stored(r.get(0).toLong(), parse(r.get(1).toString()), text(r.get(2)),
                            text(r.get(3))));
                });
    }

    /** Only the stored version number (0 when none): what the periodic check compares. */
    public CompletionStage<Long> version() {
        return call("HGET", Request.cmd(Command.HGET).arg(base()).arg("version"))
                .thenApply(r -> r == null ? 0L : r.toLong());
    }

    /**
     * Stores {@code config} as version {@code expected + 1} if {@code expected} is the current version.
     *
     * @param before the document it replaces (for the diff in the history)
     */
    public CompletionStage<Written> write(long expected, JsonNode before, JsonNode config, String by, String reason) {
        String at = Instant.now().toString();
        ObjectNode entry = JSON.createObjectNode();
        entry.put("version", expected + 1);
        entry.put("at", at);
        entry.put("by", by);
        entry.put("reason", reason);
        ArrayNode diff = entry.putArray("diff");
        for (LiveDocument.Change c : LiveDocument.diff(before, config)) {
            ObjectNode d = diff.addObject();
            d.put("key", c.key());
            d.set("from", c.from());
            d.set("to", c.to());
        }
        entry.set("config", config);
        List<Object> args = List.of(Long.toString(expected), config.toString(), at, by, entry.toString(),
                Integer.toString(HISTORY), channel());
        return Deadline.within(set.run(redis, List.of(base(), base() + ":history"), args), Tier.L2, "config",
                "SET", timeout(), tiers.redisEndpoint())
                .thenApply(r -> new Written(r.get(0).toInteger() == 1, r.get(1).toLong(), at));
    }

    /** The recorded versions, newest first (at most {@link #HISTORY}). */
    public CompletionStage<List<JsonNode>> history() {
        return call("LRANGE", Request.cmd(Command.LRANGE).arg(base() + ":history").arg(0).arg(HISTORY - 1))
                .thenApply(r -> {
                    List<JsonNode> out = new ArrayList<>();
                    for (Response e : r) {
                        out.add(parse(e.toString()));
                    }
                    return out;
                });
    }

    /** Records (or refreshes) a pod's acknowledgement; it counts as live until its expiry time. */
    public CompletionStage<Void> acknowledge(PodAck ack) {
        return call("HSET", Request.cmd(Command.HSET).arg(base() + ":pods").arg(ack.field())
                .arg(JSON.valueToTree(ack).toString())).thenApply(r -> null);
    }

    /** The acknowledgements of live pods; those past their expiry time are removed on the way. */
    public CompletionStage<List<PodAck>> pods() {
        return call("HVALS", Request.cmd(Command.HVALS).arg(base() + ":pods")).thenCompose(r -> {
            long now = System.currentTimeMillis();
            List<PodAck> live = new ArrayList<>();
            Request drop = Request.cmd(Command.HDEL).arg(base() + ":pods");
            int dead = 0;
            for (Response e : r) {
                PodAck a;
                try {
                    a = JSON.readValue(e.toString(), PodAck.class);
                } catch (JsonProcessingException ex) {
                    continue;
                }
                if (a.expiresAtMillis() < now) {
                    drop.arg(a.field());
                    dead++;
                } else {
                    live.add(a);
                }
            }
            live.sort(java.util.Comparator.comparing(PodAck::function).thenComparing(PodAck::pod));
            if (dead == 0) {
                return CompletableFuture.completedFuture(live);
            }
            return call("HDEL", drop).thenApply(x -> live);
        });
    }

    private CompletionStage<Response> call(String op, Request request) {
        return Deadline.within(redis.send(request).toCompletionStage(), Tier.L2, "config", op, timeout(),
                tiers.redisEndpoint());
    }

    private Duration timeout() {
        return live.settings().redisTimeout();
    }

    private static String text(Response r) {
        return r == null ? null : r.toString();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("config/l2: stored live-configuration document is not JSON ("
                    + e.getOriginalMessage() + "); write a new version through the admin API", e);
        }
    }
}
