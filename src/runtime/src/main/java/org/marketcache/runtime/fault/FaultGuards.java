package org.marketcache.runtime.fault;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;
import org.marketcache.core.tier.Tier;
import org.marketcache.core.tier.TierUnavailableException;
import org.marketcache.core.engine.Completions;
import org.marketcache.runtime.config.MarketCacheConfig;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;

/**
 * SmallRye Fault Tolerance guards shared by every cache of the pod: one circuit breaker around Redis (one resource,
 * one breaker) and one bulkhead around the database. While the breaker is open, L2 calls fail at once and reads go
 * from L1 to L3 behind the bulkhead; the bulkhead bounds the database load a pod can cause however many requests
 * miss at once. Failures come out as {@link TierUnavailableException}s that say which guard refused and why.
 */
@ApplicationScoped
public class FaultGuards {
    private static final Logger LOG = Logger.getLogger(FaultGuards.class);
    private static final TypeLiteral<CompletionStage<Object>> ASYNC = new TypeLiteral<>() {
    };
    public static final String REDIS_BREAKER = "marketcache-redis";

    private final Guard redis;
    private final Guard database;
    private final AtomicReference<CircuitBreakerState> redisState = new AtomicReference<>(CircuitBreakerState.CLOSED);
    private final int maxConcurrent;
    private final int queue;

    @Inject
    public FaultGuards(MarketCacheConfig config, MeterRegistry registry) {
        MarketCacheConfig.CircuitBreaker cb = config.redis().circuitBreaker();
        this.redis = Guard.create().withDescription("redis L2").withCircuitBreaker().name(REDIS_BREAKER)
                .requestVolumeThreshold(cb.requestVolume()).failureRatio(cb.failureRatio())
                .delay(cb.delay().toMillis(), ChronoUnit.MILLIS).successThreshold(cb.successThreshold())
                .onStateChange(s -> {
                    CircuitBreakerState before = redisState.getAndSet(s);
                    if (before != s) {
                        LOG.warnf("Redis circuit breaker %s -> %s", before, s);
                    }
                }).done().withThreadOffload(false).build();
        this.maxConcurrent = config.database().bulkheadMaxConcurrent();
        this.queue = config.database().bulkheadQueue();
        this.database = Guard.create().withDescription("database L3").withBulkhead().limit(maxConcurrent)
                .queueSize(queue).done().withThreadOffload(false).build();
        Gauge.builder("cache.circuit.state", redisState, r -> r.get() == CircuitBreakerState.CLOSED ? 0
                : r.get() == CircuitBreakerState.HALF_OPEN ? 1 : 2).tag("tier", Tier.L2.label())
                .description("Redis circuit breaker: 0 closed, 1 half-open, 2 open").register(registry);
    }

    /** Runs an L2 call through the Redis circuit breaker. */
    public <T> CompletionStage<T> redis(Supplier<CompletionStage<T>> call) {
        return run(redis, call, Tier.L2);
    }

    /** Runs a source load through the database bulkhead. */
    public <T> CompletionStage<T> database(Supplier<CompletionStage<T>> call) {
        return run(database, call, Tier.L3);
    }

    public CircuitBreakerState redisState() {
        return redisState.get();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T> CompletionStage<T> run(Guard guard, Supplier<CompletionStage<T>> call, Tier tier) {
        CompletionStage<T> stage;
        try {
            stage = (CompletionStage<T>) (CompletionStage) guard.get((Supplier) call, ASYNC);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((v, err) -> {
            if (err == null) {
                return CompletableFuture.completedFuture(v);
            }
            Throwable cause = Completions.unwrap(err);
            if (cause instanceof CircuitBreakerOpenException) {
                return CompletableFuture.<T>failedFuture(new TierUnavailableException(tier,
                        "redis/l2 circuit breaker open: Redis failed too often, calls are skipped for now", cause));
            }
            if (cause instanceof BulkheadException) {
                return CompletableFuture.<T>failedFuture(new TierUnavailableException(tier,
                        "database/l3 bulkhead full: " + maxConcurrent + " loads running and " + queue
                                + " waiting in this pod", cause));
            }
            return CompletableFuture.<T>failedFuture(cause);
        }).thenCompose(s -> s);
    }
}
