package org.marketcache.runtime.caffeine;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.marketcache.marketdata.cache.CacheNames;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;

/**
 * The L1 caches, one per data type. Quarkus creates caches for the names it sees at build time, so each one is
 * named here once; sizes and residency come from {@code quarkus.cache.caffeine."<name>".*}.
 */
@ApplicationScoped
public class L1Caches {
    private final Map<String, Cache> byName = new HashMap<>();

    @Inject
    public L1Caches(@CacheName(CacheNames.CANDLES_1M) Cache candles1m, @CacheName(CacheNames.CANDLES_5M) Cache candles5m,
            @CacheName(CacheNames.CANDLES_15M) Cache candles15m, @CacheName(CacheNames.CANDLES_1H) Cache candles1h,
            @CacheName(CacheNames.CANDLES_4H) Cache candles4h, @CacheName(CacheNames.CANDLES_1D) Cache candles1d,
            @CacheName(CacheNames.TRADES) Cache trades, @CacheName(CacheNames.TICKERS) Cache tickers,
            @CacheName(CacheNames.ORDERBOOKS) Cache orderBooks) {
        for (Cache c : new Cache[] {candles1m, candles5m, candles15m, candles1h, candles4h, candles1d, trades, tickers,
                orderBooks}) {
            byName.put(c.getName(), c);
        }
    }

    public Cache get(String name) {
        Cache c = byName.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no L1 cache named " + name + "; known: " + byName.keySet());
        }
        return c;
    }
}
