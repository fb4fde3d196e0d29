package org.marketcache.runtime.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * Reads Redis replies whose shape depends on the protocol: the Quarkus client speaks RESP3, where Redis 7 answers
 * {@code XREAD}, {@code XREADGROUP}, {@code XINFO} and {@code CONFIG GET} with maps, while a RESP2 connection gets
 * the same data as arrays ({@code [key, value, key, value]} or {@code [[key, entries], ...]}). Both report
 * {@link ResponseType#MULTI}; only {@link Response#isMap()} tells them apart, and calling an array accessor on a map
 * throws ("Multi is a Map"). Every parser of such replies goes through here so each shape is handled once.
 */
public final class RedisReplies {
    private RedisReplies() {
    }

    /**
     * The entries of an {@code XREAD}/{@code XREADGROUP} reply, over all streams it names: a map stream key to
     * entries (RESP3) or {@code [[key, entries], ...]} (RESP2); {@code null} (a blocking read that timed out) is
     * no entries. Entries without fields (deleted while still pending in a group) are left out.
     */
    public static List<StreamEntry> streamEntries(Response reply) {
        List<StreamEntry> out = new ArrayList<>();
        if (!isMulti(reply)) {
            return out;
        }
        if (reply.isMap()) {
            for (String stream : reply.getKeys()) {
                addEntries(reply.get(stream), out);
            }
        } else {
            for (Response stream : reply) {
                if (isMulti(stream) && stream.size() == 2) {
                    addEntries(stream.get(1), out);
                }
            }
        }
        return out;
    }

    /** An array of entries ({@code XRANGE}, {@code XREVRANGE}), leaving out entries without fields. */
    public static List<StreamEntry> entries(Response reply) {
        List<StreamEntry> out = new ArrayList<>();
        addEntries(reply, out);
        return out;
    }

    /** The entries an {@code XAUTOCLAIM} took over: {@code [next-id, entries, deleted-ids]}. */
    public static List<StreamEntry> claimedEntries(Response reply) {
        return isMulti(reply) && reply.size() >= 2 ? entries(reply.get(1)) : new ArrayList<>();
    }

    /**
     * The value named {@code name} in a map (RESP3) or a flat {@code [name, value, ...]} array (RESP2), as answered
     * by {@code XINFO STREAM} and {@code CONFIG GET}; {@code null} if absent.
     */
    public static Response field(Response reply, String name) {
        if (!isMulti(reply)) {
            return null;
        }
        if (reply.isMap()) {
            return reply.containsKey(name) ? reply.get(name) : null;
        }
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            Response key = reply.get(i);
            if (key != null && name.equals(key.toString())) {
                return reply.get(i + 1);
            }
        }
        return null;
    }

    /** {@link #field} as a string; {@code null} if absent or nil. */
    public static String fieldString(Response reply, String name) {
        Response value = field(reply, name);
        return value == null ? null : value.toString();
    }

    /** Field names to values of one map or flat array, in their order. */
    public static Map<String, String> pairs(Response reply) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!isMulti(reply)) {
            return out;
        }
        if (reply.isMap()) {
            for (String name : reply.getKeys()) {
                out.put(name, text(reply.get(name)));
            }
        } else {
            for (int i = 0; i + 1 < reply.size(); i += 2) {
                out.put(text(reply.get(i)), text(reply.get(i + 1)));
            }
        }
        return out;
    }

    private static void addEntries(Response entries, List<StreamEntry> out) {
        if (!isMulti(entries)) {
            return;
        }
        for (Response e : entries) {
            if (isMulti(e) && e.size() == 2 && isMulti(e.get(1))) {
                out.add(new StreamEntry(e.get(0).toString(), pairs(e.get(1))));
            }
        }
    }

    private static boolean isMulti(Response r) {
        return r != null && r.type() == ResponseType.MULTI;
    }

    private static String text(Response r) {
        return r == null ? null : r.toString();
    }
}
