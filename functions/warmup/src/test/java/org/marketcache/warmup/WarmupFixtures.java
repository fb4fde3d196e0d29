package org.marketcache.warmup;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.marketcache.core.engine.TieredCache;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.PriceLevel;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.MarketDataStore;
import org.marketcache.testkit.CandleSeeding;
import org.marketcache.testkit.MarketFixtures;
import org.marketcache.testkit.RedisPrefix;

import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/** Seeding and resetting shared by the warm-up ITs. */
final class WarmupFixtures {
    static final String TOKEN = "Bearer test-admin-token-not-a-secret";
    static final Instrument BTC = Instrument.of("binance", "BTC/USDT");
    static final Instrument ETH = Instrument.of("binance", "ETH/USDT");
    static final Instrument SOL = Instrument.of("okx", "SOL/USDT");

    private WarmupFixtures() {
    }

    /** {@code hours} of one-minute candles up to the live one, a ticker and an order book for each instrument. */
    static void seed(MarketDataStore store, InstrumentRegistry registry, List<Instrument> instruments, long now,
            int hours) {
        long live = Timeframe.M1.align(now);
        for (Instrument i : instruments) {
            int id = store.ensureInstrument(i).await().atMost(Duration.ofSeconds(60));
            List<Candle> candles = MarketFixtures.candles(live - hours * 3_600_000L, live + 60_000L,
                    new BigDecimal("100.5"), false);
            CandleSeeding.upsert(candles, batch -> store.upsertCandles(id, batch));
            store.insertTickers(id, List.of(new Ticker(now - 1000, new BigDecimal("100.4"), new BigDecimal("100.6"),
                    new BigDecimal("100.5"), new BigDecimal("12.5")))).await().atMost(Duration.ofSeconds(60));
            store.insertOrderBooks(id, List.of(new OrderBook(now - 500, 1,
                    List.of(new PriceLevel(new BigDecimal("100.4"), BigDecimal.ONE)),
                    List.of(new PriceLevel(new BigDecimal("100.6"), BigDecimal.ONE))))).await()
                    .atMost(Duration.ofSeconds(60));
        }
        registry.reload().toCompletableFuture().join();
    }

    /** {@code n} instruments {@code exchange:Tn/USDT}. */
    static List<Instrument> many(String exchange, int n) {
        List<Instrument> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Instrument.of(exchange, "T" + i + "/USDT"));
        }
        return out;
    }

    /** Empties every tier above the database: all L1s, and every key of this test's Redis prefix. */
    static void coldCaches(CacheTiers tiers, Redis redis, KeySchema keys) {
        clearL1(tiers);
        RedisPrefix.empty(redis, keys.scanPattern());
    }

    static void clearL1(CacheTiers tiers) {
        for (TieredCache<?, ?> c : tiers.all().values()) {
            c.invalidateL1Everything();
        }
    }

    static Response redis(Redis redis, Request r) throws Exception {
        return redis.send(r).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
