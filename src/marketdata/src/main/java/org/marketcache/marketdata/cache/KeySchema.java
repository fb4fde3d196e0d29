package org.marketcache.marketdata.cache;

import java.util.regex.Pattern;

import org.marketcache.core.series.TimeChunking;
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
 * {prefix}:v1:gen:{binance:BTC-USDT}:candles-1m          generation of one cache of the group (bumped by invalidation)
 * {prefix}:v1:lease:{binance:BTC-USDT}:...               single-flight lease of one key
 * {prefix}:v1:idx:{binance:BTC-USDT}                     set of the group's cached keys (invalidation without KEYS)
 * {prefix}:v1:events                                     the invalidation event stream (every pod reads it)
 * {prefix}:v1:{wb}, {wb}:attempts, {wb}:dead              the write-back log, its delivery counts, its dead letters
 * {prefix}:v1:unknown:{binance:BTC-USDT}                 negative cache of an unknown instrument
 * {prefix}:v1:hot:{hotkeys}                              ranking of hot key ids (warm-up), and its decay stamp
 * {prefix}:v1:warmup:lease                               one warm-up at a time across pods
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

    /** Generation counter of one cache of a group ({@code binance:BTC-USDT}, {@code candles-1m}). */
    public String generation(String group, String cache) {
        return base + "gen:{" + group + "}:" + cache;
    }

    /**
     * The start shared by every key of {@code cache} in {@code group}, e.g.
     * {@code mc:v1:candles:{binance:BTC-USDT}:1m:} (used to pick a cache's keys out of the group index).
     */
    public String cachePrefix(String group, String cache) {
        if (cache.startsWith("candles-")) {
            return base + "candles:{" + group + "}:" + cache.substring("candles-".length()) + ":";
        }
        return base + cache + ":{" + group + "}";
    }

    /**
     * The write-back log (a stream with one consumer group of flushers), its delivery counts and its dead-letter
     * stream; one hash tag, so the flusher's multi-key acknowledgements stay in one cluster slot.
     */
    public String writeBackLog() {
        return base + "{wb}";
    }

    public String writeBackAttempts() {
        return base + "{wb}:attempts";
    }

    public String writeBackDeadLetters() {
        return base + "{wb}:dead";
    }

    /** The event stream every pod reads to keep its L1 coherent. */
    public String events() {
        return base + "events";
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

    /**
     * The key a cache key id stands for, or {@code null} if {@code id} is not a data key of this schema (hot-key
     * rankings and invalidation requests carry ids; nothing from outside is trusted before it parses here).
     */
    public org.marketcache.core.tier.CacheKey parse(String id) {
        if (id == null || !id.startsWith(base) || id.length() > 200) {
            return null;
        }
        String rest = id.substring(base.length());
        int open = rest.indexOf(":{");
        int close = rest.indexOf('}');
        if (open < 0 || close < open) {
            return null;
        }
        String type = rest.substring(0, open);
        String group = rest.substring(open + 2, close);
        String tail = rest.substring(close + 1);
        int colon = group.indexOf(':');
        if (colon < 0) {
            return null;
        }
        Instrument instrument;
        try {
            instrument = Instrument.of(group.substring(0, colon), group.substring(colon + 1));
        } catch (RuntimeException e) {
            return null;
        }
        String[] parts = tail.isEmpty() ? new String[0] : tail.substring(1).split(":", -1);
        try {
            switch (type) {
                case "tickers":
                    return parts.length == 0 && tail.isEmpty() ? ticker(instrument) : null;
                case "orderbooks":
                    return parts.length == 0 && tail.isEmpty() ? orderBook(instrument) : null;
                case "candles":
                    if (parts.length != 3 || !tail.startsWith(":")) {
                        return null;
                    }
                    Timeframe tf = Timeframe.parse(parts[0]);
                    int per = Integer.parseInt(parts[1]);
                    long index = Long.parseLong(parts[2]);
                    return per > 0 ? candleChunk(instrument, tf, per, index) : null;
                case "trades":
                    if (parts.length != 2 || !tail.startsWith(":")) {
                        return null;
                    }
                    long span = Long.parseLong(parts[0]);
                    return span > 0 ? tradeChunk(instrument, new TimeChunking(span), Long.parseLong(parts[1])) : null;
                default:
                    return null;
            }
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Pattern matching every key of this prefix (for tests and tooling that SCAN; never used with KEYS). */
    public String scanPattern() {
        return base + "*";
    }

    // --- Warm-up. One hash tag for the ranking's two keys, so its scripts run on a cluster too. ---

    /** Sorted set of hot key ids, scored by decayed access counts, merged into by every read pod. */
    public String hotKeys() {
        return base + "hot:{hotkeys}";
    }

    /** Epoch milliseconds up to which the scores in {@link #hotKeys()} are decayed. */
    public String hotKeysDecayedAt() {
        return base + "hot:{hotkeys}:decayed-at";
    }

    /** The lease that lets one warm-up run at a time across pods. */
    public String warmupLease() {
        return base + "warmup:lease";
    }
}
