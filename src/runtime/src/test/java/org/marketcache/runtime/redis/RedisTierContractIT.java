package org.marketcache.runtime.redis;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.marketcache.core.metrics.CacheMetrics;
import org.marketcache.core.tier.CacheTier;
import org.marketcache.core.testing.ManualTimeSource;
import org.marketcache.core.series.SeriesChunk;
import org.marketcache.core.policy.TtlPolicy;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.CandleChunkCodec;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.testkit.CacheTierContract;
import org.marketcache.testkit.MarketFixtures;
import org.marketcache.testkit.RedisServers;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;

/**
 * L2 passes the tier contract against a real redis-server. The test starts its own server on a spare port so that
 * it can pause it ({@code CLIENT PAUSE}) for the deadline test without disturbing anything else.
 */
class RedisTierContractIT extends CacheTierContract<SeriesKey, SeriesChunk> {
    static final TtlPolicy.Settings SETTINGS = new TtlPolicy.Settings(Duration.ofHours(1), Duration.ofSeconds(2),
            Duration.ofSeconds(10), 0, Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofMinutes(1));
    static final Duration TIMEOUT = Duration.ofMillis(150);
    static final AtomicInteger RUN = new AtomicInteger();
    static RedisServers.Server server;
    static Vertx vertx;
    static Redis redis;

    final ManualTimeSource time = new ManualTimeSource(1_764_000_000_000L);
    final Instrument btc = Instrument.of("binance", "BTC/USDT");
    KeySchema keys;
    RedisTier<SeriesKey, SeriesChunk> tier;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServers.start();
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.url()).setMaxPoolSize(4)
                .setMaxPoolWaiting(64));
        // Open the pooled connections now: the first call pays connection setup, which is not what the 150 ms
        // deadline of the tests is about.
        for (int i = 0; i < 4; i++) {
            redis.send(Request.cmd(Command.PING)).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        server.close();
    }

    @BeforeEach
    void setUp() {
        keys = new KeySchema("contract" + RUN.incrementAndGet());
        tier = new RedisTier<>("candles-1m", redis, keys, CandleChunkCodec.INSTANCE,
                () -> new RedisTier.Settings(TIMEOUT, 256, Duration.ofSeconds(60)), time,
                new TtlPolicy<>(SETTINGS, SeriesChunk::complete), CacheMetrics.CacheMeters.NONE, server.url());
    }

    @Override
    protected CacheTier<SeriesKey, SeriesChunk> tier() {
        return tier;
    }

    @Override
    protected ManualTimeSource time() {
        return time;
    }

    @Override
    protected SeriesKey key(int i) {
        return keys.candleChunk(btc, Timeframe.M1, 240, 122_000 + i);
    }

    @Override
    protected SeriesChunk value(int i) {
        return MarketFixtures.candleChunk(key(i), new BigDecimal("65000.1" + i));
    }

    @Override
    protected boolean sameValue(SeriesChunk a, SeriesChunk b) {
        return Arrays.equals(a.payload(), b.payload());
    }

    @Override
    protected Duration retention() {
        return SETTINGS.staleIfError();
    }

    @Override
    protected void storeCorrupt(SeriesKey key) throws Exception {
        await(redis.send(Request.cmd(Command.SET).arg(key.id()).arg("written by something else"))
                .toCompletionStage());
    }

    @Override
    protected Duration stopAnswering() throws Exception {
        server.cli("client", "pause", "2000", "all");
        return TIMEOUT;
    }

    @Override
    protected void resumeAnswering() throws Exception {
        server.cli("client", "unpause");
    }
}
