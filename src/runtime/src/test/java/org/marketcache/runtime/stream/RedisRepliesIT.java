package org.marketcache.runtime.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.marketcache.testkit.TestServices;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Every reply shape {@link RedisReplies} reads, from the real Redis in both protocols: RESP3 answers {@code XREAD},
 * {@code XREADGROUP}, {@code XINFO} and {@code CONFIG GET} with maps, RESP2 with arrays; the parsed result must not
 * depend on which.
 */
class RedisRepliesIT {
    private Vertx vertx;
    private Redis redis;
    private final String stream = "it-replies:" + UUID.randomUUID() + ":stream";

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void close() throws Exception {
        if (redis != null) {
            send(Request.cmd(Command.DEL).arg(stream));
            redis.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"RESP2", "RESP3"})
    void readsStreamRepliesInEitherProtocol(ProtocolVersion protocol) throws Exception {
        connect(protocol);
        String first = send(Request.cmd(Command.XADD).arg(stream).arg("*").arg("type").arg("keys").arg("keys")
                .arg("a\nb")).toString();
        String second = send(Request.cmd(Command.XADD).arg(stream).arg("*").arg("z").arg("1").arg("a").arg("2"))
                .toString();

        List<StreamEntry> read = RedisReplies.streamEntries(send(Request.cmd(Command.XREAD).arg("COUNT").arg(10)
                .arg("STREAMS").arg(stream).arg("0-0")));
        assertThat(read).containsExactly(new StreamEntry(first, Map.of("type", "keys", "keys", "a\nb")),
                new StreamEntry(second, Map.of("z", "1", "a", "2")));
        assertThat(read.get(1).fields().keySet()).as("fields keep their order").containsExactly("z", "a");
        assertThat(RedisReplies.streamEntries(send(Request.cmd(Command.XREAD).arg("BLOCK").arg(10)
                .arg("STREAMS").arg(stream).arg("$")))).as("a blocking read that timed out").isEmpty();
        assertThat(RedisReplies.entries(send(Request.cmd(Command.XREVRANGE).arg(stream).arg("+").arg("-")
                .arg("COUNT").arg(1)))).extracting(StreamEntry::id).containsExactly(second);

        send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg("g").arg("0"));
        assertThat(RedisReplies.streamEntries(send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg("g").arg("c1")
                .arg("COUNT").arg(10).arg("STREAMS").arg(stream).arg(">")))).extracting(StreamEntry::id)
                .containsExactly(first, second);
        send(Request.cmd(Command.XDEL).arg(stream).arg(first));
        assertThat(RedisReplies.streamEntries(send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg("g").arg("c1")
                .arg("COUNT").arg(10).arg("STREAMS").arg(stream).arg("0")))).as("pending; the deleted one left out")
                .extracting(StreamEntry::id).containsExactly(second);
        assertThat(RedisReplies.claimedEntries(send(Request.cmd(Command.XAUTOCLAIM).arg(stream).arg("g").arg("c2")
                .arg(0).arg("0-0").arg("COUNT").arg(10)))).containsExactly(read.get(1));

        Response info = send(Request.cmd(Command.XINFO).arg("STREAM").arg(stream));
        assertThat(RedisReplies.fieldString(info, "length")).isEqualTo("1");
        assertThat(RedisReplies.field(info, "first-entry").get(0).toString()).isEqualTo(second);
        assertThat(RedisReplies.fieldString(info, "max-deleted-entry-id")).isEqualTo(first);
        assertThat(RedisReplies.field(info, "no-such-field")).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"RESP2", "RESP3"})
    void readsConfigGetInEitherProtocol(ProtocolVersion protocol) throws Exception {
        connect(protocol);
        Response reply = send(Request.cmd(Command.CONFIG).arg("GET").arg("maxmemory-policy"));
        String direct = protocol == ProtocolVersion.RESP3 ? reply.get("maxmemory-policy").toString()
                : reply.get(1).toString();

        assertThat(RedisReplies.fieldString(reply, "maxmemory-policy")).isEqualTo(direct).isNotBlank();
    }

    private void connect(ProtocolVersion protocol) {
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(TestServices.redisUrl())
                .setPreferredProtocolVersion(protocol));
    }

    private Response send(Request request) throws Exception {
        return redis.send(request).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
