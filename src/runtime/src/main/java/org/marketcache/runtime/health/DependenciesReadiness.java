package org.marketcache.runtime.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.fault.FaultGuards;
import org.marketcache.runtime.instruments.InstrumentRegistry;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Readiness that tells the truth about degraded service without taking the pod out of rotation: with Redis down the
 * pod still answers from L1 and the database, with the database down it still answers from L1 and L2 (stale values
 * marked), so the check stays UP and reports {@code degraded=true} with the state of each dependency. (Quarkus'
 * own Redis and datasource checks are turned off for that reason: they would mark the pod unready.)
 */
@Readiness
@ApplicationScoped
public class DependenciesReadiness implements AsyncHealthCheck {
    private static final Duration PING = Duration.ofMillis(500);

    @Inject
    Redis redis;
    @Inject
    Pool pool;
    @Inject
    FaultGuards guards;
    @Inject
    CacheTiers tiers;
    @Inject
    InstrumentRegistry instruments;

    @Override
    public Uni<HealthCheckResponse> call() {
        CompletableFuture<Boolean> redisUp = redis.send(Request.cmd(Command.PING)).toCompletionStage()
                .toCompletableFuture().orTimeout(PING.toMillis(), TimeUnit.MILLISECONDS)
                .handle((r, err) -> err == null);
        CompletableFuture<Boolean> dbUp = pool.query("SELECT 1").execute().subscribeAsCompletionStage()
                .orTimeout(PING.toMillis(), TimeUnit.MILLISECONDS).handle((r, err) -> err == null);
        return Uni.createFrom().completionStage(redisUp.thenCombine(dbUp, (r, d) -> {
            CircuitBreakerState breaker = guards.redisState();
            boolean degraded = !r || !d || breaker != CircuitBreakerState.CLOSED;
            HealthCheckResponseBuilder b = HealthCheckResponse.named("marketcache").up()
                    .withData("redis", r ? "UP" : "DOWN").withData("redisCircuit", breaker.name())
                    .withData("database", d ? "UP" : "DOWN").withData("degraded", degraded)
                    .withData("knownInstruments", instruments.knownCount());
            long l1 = 0;
            for (TieredCache<?, ?> c : tiers.all().values()) {
                l1 += c.view().l1Size();
            }
            return b.withData("l1Entries", l1).build();
        }));
    }
}
