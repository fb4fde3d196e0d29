package org.marketcache.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.marketcache.testkit.RedisServers;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * The start-up check reads the eviction policy from a real Redis in both protocol versions: Redis 7 answers
 * {@code CONFIG GET} with a map under RESP3 (what the Quarkus client speaks) and with an array under RESP2. The
 * first version of the check read only the array and logged "Multi is a Map" instead of checking anything.
 */
class EvictionPolicyIT {

    @ParameterizedTest
    @EnumSource(value = ProtocolVersion.class, names = {"RESP2", "RESP3"})
    void readsThePolicyInEitherProtocol(ProtocolVersion protocol) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (RedisServers.Server server = RedisServers.start("--maxmemory-policy", "allkeys-lfu")) {
            Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url())
                    .setPreferredProtocolVersion(protocol));
            try {
                Response r = redis.send(Request.cmd(Command.CONFIG).arg("GET").arg("maxmemory-policy"))
                        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                assertThat(ConfigValidation.evictionPolicy(r)).isEqualTo("allkeys-lfu");
            } finally {
                redis.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
