package org.marketcache.warm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.InvalidInputException;
import org.marketcache.core.series.TimeChunking;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.marketdata.query.CandleQuery;
import org.marketcache.marketdata.query.SeriesRange;
import org.marketcache.marketdata.query.TradeQuery;
import org.marketcache.runtime.config.MarketCacheConfig;
import org.marketcache.runtime.read.MarketDataReader;

/**
 * Turns what is to be warmed (the hot ranking, the critical set, an explicit request) into cache keys, exactly the
 * keys a read request would ask for: candle chunks come from {@link MarketDataReader#candleKeys}, so a warmed
 * chunk is the chunk the next request reads.
 *
 * <p>Design note. The ranking holds chunk keys, and the chunk that holds the live candle changes as time passes
 * (a 1m chunk spans 4 hours by default): warming only yesterday's ids would warm yesterday's chunks. So every
 * candle series that appears in the ranking also contributes its <em>head</em>, the chunks that a "latest
 * candles" request with the default limit reads now. Ids that do not parse as keys of this schema (another
 * version's layout, junk) are skipped and counted.
 */
@ApplicationScoped
public class WarmupTargets {
    @Inject
    MarketDataReader reader;
    @Inject
    KeySchema keys;
    @Inject
    MarketCacheConfig config;
    @Inject
    WarmupConfig warmup;

    /** Keys to warm, in priority order without duplicates, and what could not be turned into keys. */
    public record Plan(List<CacheKey> keys, int skipped, List<String> problems) {
    }

    /** {@code binance:BTC/USDT} (or {@code binance:BTC-USDT}) as an instrument; the message names the rule. */
    public static Instrument instrument(String entry) {
        int colon = entry == null ? -1 : entry.indexOf(':');
        if (colon <= 0 || colon == entry.length() - 1) {
            throw new IllegalArgumentException("must be exchange:BASE/QUOTE (e.g. binance:BTC/USDT): '" + entry
                    + "'");
        }
        try {
            return Instrument.of(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
        } catch (InvalidInputException e) {
            throw new IllegalArgumentException(e.getMessage() + " in '" + entry + "'", e);
        }
    }

    /** The configured critical instruments (validated at start-up). */
    public List<Instrument> critical() {
        List<Instrument> out = new ArrayList<>();
        for (String entry : warmup.critical().orElse(List.of())) {
            if (!entry.isBlank()) {
                out.add(instrument(entry));
            }
        }
        return out;
    }

    /** For every critical instrument: the latest candles of every timeframe, its ticker and its order book. */
    public List<CacheKey> criticalKeys(long now) {
        List<CacheKey> out = new ArrayList<>();
        for (Instrument i : critical()) {
            for (Timeframe tf : Timeframe.values()) {
                out.addAll(latestCandles(i, tf, now));
            }
            out.add(keys.ticker(i));
            out.add(keys.orderBook(i));
        }
        return out;
    }

    /** The chunks a "latest candles" request with the default limit reads at {@code now}. */
    public List<SeriesKey> latestCandles(Instrument instrument, Timeframe tf, long now) {
        SeriesRange r = new CandleQuery(instrument, tf, null, null, config.candles().defaultLimit()).range(now);
        return reader.candleKeys(instrument, tf, r, now);
    }

    /** The trade chunks the first round of a "latest trades" request reads at {@code now}. */
    public List<SeriesKey> latestTrades(Instrument instrument, long now) {
        TimeChunking chunking = new TimeChunking(config.trades().chunkSpan().toMillis());
        long last = chunking.index(now);
        List<SeriesKey> out = new ArrayList<>();
        for (long i = last - MarketDataReader.TRADE_CHUNKS_PER_ROUND + 1; i <= last; i++) {
            out.add(keys.tradeChunk(instrument, chunking, i));
        }
        return out;
    }

    /** The ranked ids as keys, hottest first, each candle series followed by its head at {@code now}. */
    public Plan hot(List<HotKey> ranked, long now) {
        Set<CacheKey> out = new LinkedHashSet<>();
        Map<String, Boolean> heads = new LinkedHashMap<>();
        int skipped = 0;
        List<String> problems = new ArrayList<>();
        for (HotKey h : ranked) {
            CacheKey k = keys.parse(h.id());
            if (k == null) {
                skipped++;
                if (problems.size() < 5) {
                    problems.add("hot key is not a key of this schema, skipped: " + shorten(h.id()));
                }
                continue;
            }
            out.add(k);
            if (k instanceof SeriesKey s && s.timeframe() != null
                    && heads.putIfAbsent(s.group() + "|" + s.timeframe().label(), Boolean.TRUE) == null) {
                out.addAll(latestCandles(s.instrument(), s.timeframe(), now));
            }
        }
        return new Plan(new ArrayList<>(out), skipped, problems);
    }

    /**
     * The keys of an explicit request at {@code now}. Every value goes through the same parsers as the read API;
     * a bad one is a 400 naming the field as written ({@code targets[1].from}).
     */
    public List<CacheKey> explicit(WarmupRequest request, long now) {
        Set<CacheKey> out = new LinkedHashSet<>();
        List<WarmupRequest.Target> targets = request.targets();
        for (int i = 0; i < targets.size(); i++) {
            WarmupRequest.Target t = targets.get(i);
            try {
                out.addAll(keysOf(t, now));
            } catch (InvalidInputException e) {
                String field = "targets[" + i + "]." + (e.field() == null ? "" : e.field());
                throw new InvalidInputException(e.code(), field, "targets[" + i + "]: " + e.getMessage());
            }
        }
        return new ArrayList<>(out);
    }

    private List<? extends CacheKey> keysOf(WarmupRequest.Target t, long now) {
        switch (t.type()) {
            case CANDLES: {
                CandleQuery q = CandleQuery.parse(t.exchange(), t.symbol(), t.timeframe(), t.from(), t.to(),
                        t.limit(), config.candles().defaultLimit(), config.candles().maxLimit());
                return reader.candleKeys(q.instrument(), q.timeframe(), q.range(now), now);
            }
            case TRADES: {
                rejectTimeframe(t);
                MarketCacheConfig.Trades cfg = config.trades();
                TradeQuery q = TradeQuery.parse(t.exchange(), t.symbol(), t.from(), t.to(), t.limit(),
                        cfg.defaultLimit(), cfg.maxLimit(), cfg.maxRange());
                SeriesRange r = q.range(now, cfg.maxRange(), cfg.latestLookback());
                if (r.latest()) {
                    return latestTrades(q.instrument(), Math.min(now, r.to() - 1));
                }
                TimeChunking chunking = new TimeChunking(cfg.chunkSpan().toMillis());
                long[] span = chunking.covering(r.from(), r.to());
                List<SeriesKey> out = new ArrayList<>();
                for (long i = span[0]; i <= span[1]; i++) {
                    out.add(keys.tradeChunk(q.instrument(), chunking, i));
                }
                return out;
            }
            case TICKERS:
                rejectRange(t);
                return List.of(keys.ticker(Instrument.of(t.exchange(), t.symbol())));
            default:
                rejectRange(t);
                return List.of(keys.orderBook(Instrument.of(t.exchange(), t.symbol())));
        }
    }

    private static void rejectTimeframe(WarmupRequest.Target t) {
        if (t.timeframe() != null) {
            throw new InvalidInputException("INVALID_TIMEFRAME", "timeframe", "timeframe applies to candles only,"
                    + " not to " + t.type().label());
        }
    }

    private static void rejectRange(WarmupRequest.Target t) {
        rejectTimeframe(t);
        for (String[] f : new String[][] {{"from", t.from()}, {"to", t.to()}, {"limit", t.limit()}}) {
            if (f[1] != null) {
                throw new InvalidInputException("INVALID_" + f[0].toUpperCase(java.util.Locale.ROOT), f[0], f[0]
                        + " applies to candles and trades, not to " + t.type().label() + " (the latest value)");
            }
        }
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
