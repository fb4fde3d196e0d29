package org.marketcache.bench.alt;

import java.time.Duration;

/**
 * A read request as a key-value cache sees it.
 *
 * <p>The key is the request itself: {@code exchange|symbol|timeframe|from|to|limit}. A request whose answer changes
 * with time ("latest N candles", a ticker, an order book, latest trades) also carries the time bucket it falls in,
 * as users of such caches do, with the bucket as long as the entry's lifetime: so no alternative serves an answer
 * older than the read function would (its mutable values are usable for at most the same time).
 *
 * @param kind   the cache (and lifetime) the entry belongs to: {@code recent}, {@code history}, {@code tickers},
 *               {@code orderbooks}
 * @param key    the request key, bucket included
 * @param ttl    the entry's lifetime
 */
public record AltRequest(String kind, String key, Duration ttl) {

    public static final Duration RECENT_TTL = Duration.ofSeconds(10);
    public static final Duration HISTORY_TTL = Duration.ofMinutes(10);
    public static final Duration TICKER_TTL = Duration.ofSeconds(5);
    public static final Duration ORDERBOOK_TTL = Duration.ofSeconds(3);

    public static AltRequest recent(String key, long nowMillis) {
        return new AltRequest("recent", key + "|@" + bucket(nowMillis, RECENT_TTL), RECENT_TTL);
    }

    public static AltRequest history(String key) {
        return new AltRequest("history", key, HISTORY_TTL);
    }

    public static AltRequest ticker(String key, long nowMillis) {
        return new AltRequest("tickers", key + "|@" + bucket(nowMillis, TICKER_TTL), TICKER_TTL);
    }

    public static AltRequest orderBook(String key, long nowMillis) {
        return new AltRequest("orderbooks", key + "|@" + bucket(nowMillis, ORDERBOOK_TTL), ORDERBOOK_TTL);
    }

    private static long bucket(long nowMillis, Duration width) {
        return Math.floorDiv(nowMillis, width.toMillis());
    }
}
