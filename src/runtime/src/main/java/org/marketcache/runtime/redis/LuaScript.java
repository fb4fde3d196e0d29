package org.marketcache.runtime.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionStage;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * A Lua script kept in a {@code .lua} resource and run with {@code EVALSHA}, falling back to {@code EVAL} when the
 * server does not know it yet (first call, a restarted Redis, another cluster node): no {@code SCRIPT LOAD}
 * bookkeeping per node.
 */
public final class LuaScript {
    private final String name;
    private final String source;
    private final String sha;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by the JVM spec", e);
        }
    }

    /** Loads {@code lua/<name>.lua} from the class path. */
    public static LuaScript load(String name) {
        String path = "lua/" + name + ".lua";
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Lua script " + path + " is missing from the class path"
                        + " (in a native image: add lua/** to quarkus.native.resources.includes)");
            }
            return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Lua script " + path, e);
        }
    }

    public String name() {
        return name;
    }

    /** Runs the script; {@code args} may mix {@code String} and {@code byte[]}. */
    public CompletionStage<Response> run(Redis redis, List<String> keys, List<?> args) {
        Request evalsha = request(Command.EVALSHA, sha, keys, args);
        return redis.send(evalsha).toCompletionStage().handle((r, err) -> {
            if (err == null) {
                return java.util.concurrent.CompletableFuture.completedFuture(r);
            }
            if (err.getMessage() != null && err.getMessage().startsWith("NOSCRIPT")) {
                return redis.send(request(Command.EVAL, source, keys, args)).toCompletionStage();
            }
            return java.util.concurrent.CompletableFuture.<Response>failedFuture(err);
        }).thenCompose(s -> s);
    }

    private static Request request(Command cmd, String script, List<String> keys, List<?> args) {
        Request r = Request.cmd(cmd).arg(script).arg(keys.size());
        for (String k : keys) {
            r.arg(k);
        }
        for (Object a : args) {
            if (a instanceof byte[]) {
                r.arg((byte[]) a);
            } else {
                r.arg(String.valueOf(a));
            }
        }
        return r;
    }
}
