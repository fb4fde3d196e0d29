package org.marketcache.marketdata.cache;

import java.util.regex.Pattern;

import org.marketcache.core.TimeChunking;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;

/**
 * Every Redis key this project writes, built in one place.
 *
 * <pre>
 * {prefix}:v1:candles:{binance:BTC-USDT}:1m:240:123456   chunk 123456 of 240 one-minute candles
 * {prefix}:v1:trades:{binance:BTC-USDT}:60000:29000000   chunk of trades spanning 60000 ms
 * {prefix}:v1:tickers:{binance:BTC-USDT}                 latest ticker
 * {prefix}:v1:orderbooks:{binance:BTC-USDT}              latest full order book
 * {prefix}:v1:gen:{binance:BTC-USDT}                     generation of the group (bumped by invalidation)
 * {prefix}:v1:lease:{binance:BTC-USDT}:...               single-flight lease of one key
 * {prefix}:v1:idx:{binance:BTC-USDT}                     set of the group's cached keys (invalidation without KEYS)
 * {prefix}:v1:unknown:{binance:BTC-USDT}                 negative cache of an unknown instrument
 * </pre>
 *
 * The braces are a Redis Cluster hash tag: all keys of one instrument hash to one slot, so multi-key commands and
 * scripts on one instrument work on a cluster. The chunk size is part of the key, so changing it can never make a
 * reader misinterpret an old chunk. {@code v1} is bumped if the layout of keys or values ever changes incompatibly.
 */
public final class KeySchema {
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private final String base;

    /** @param prefix a short namespace ({@code mc} by default); tests use their own to stay apart */
    public KeySchema(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("marketcache.redis.key-prefix must be 1-32 letters, digits, '_', '.'"
                    + " or '-': " + prefix);
        }
        this.base = prefix + ":v1:";
    }

    public String prefix() {
        return base.substring(0, base.length() - 4);
    }

    public SeriesKey candleChunk(Instrument instrument, Timeframe tf, int candlesPerChunk, long index) {
        String cache = CacheNames.candles(tf);
        String id = base + "candles:{" + instrument.keyGroup() + "}:" + tf.label() + ":" + candlesPerChunk + ":"
                + index;
        return new SeriesKey(cache, id, instrument, DataType.CANDLES, tf, index, tf.millis() * candlesPerChunk);
    }

    public SeriesKey tradeChunk(Instrument instrument, TimeChunking chunking, long index) {
        String id = base + "trades:{" + instrument.keyGroup() + "}:" + chunking.spanMillis() + ":" + index;
        return new SeriesKey(CacheNames.TRADES, id, instrument, DataType.TRADES, null, index, chunking.spanMillis());
    }

    public SnapshotKey ticker(Instrument instrument) {
        return new SnapshotKey(CacheNames.TICKERS, base + "tickers:{" + instrument.keyGroup() + "}", instrument,
                DataType.TICKERS);
    }

    public SnapshotKey orderBook(Instrument instrument) {
        return new SnapshotKey(CacheNames.ORDERBOOKS, base + "orderbooks:{" + instrument.keyGroup() + "}",
                instrument, DataType.ORDERBOOKS);
    }

    /** Generation counter of a group ({@code binance:BTC-USDT}). */
    public String generation(String group) {
        return base + "gen:{" + group + "}";
    }

    /** Lease key for a cache key: same hash tag, so it lives in the key's slot. */
    public String lease(String keyId) {
        int tag = keyId.indexOf('{');
        return base + "lease:" + (tag >= 0 ? keyId.substring(tag) : keyId);
    }

    public String index(String group) {
        return base + "idx:{" + group + "}";
    }

    public String unknown(String group) {
        return base + "unknown:{" + group + "}";
    }

    /** Pattern matching every key of this prefix (for tests and tooling that SCAN; never used with KEYS). */
    public String scanPattern() {
        return base + "*";
    }
}
