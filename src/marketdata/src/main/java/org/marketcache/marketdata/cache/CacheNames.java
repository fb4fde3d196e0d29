package org.marketcache.marketdata.cache;

import java.util.ArrayList;
import java.util.List;

import org.marketcache.marketdata.Timeframe;

/**
 * The fixed set of cache names: one per candle timeframe, plus trades, tickers and order books. Fixed on purpose:
 * names become L1 caches (declared at build time) and metric tag values, which must come from a bounded set.
 */
public final class CacheNames {
    public static final String TRADES = "trades";
    public static final String TICKERS = "tickers";
    public static final String ORDERBOOKS = "orderbooks";
    public static final String CANDLES_1M = "candles-1m";
    public static final String CANDLES_5M = "candles-5m";
    public static final String CANDLES_15M = "candles-15m";
    public static final String CANDLES_1H = "candles-1h";
    public static final String CANDLES_4H = "candles-4h";
    public static final String CANDLES_1D = "candles-1d";

    private CacheNames() {
    }

    public static String candles(Timeframe tf) {
        switch (tf) {
            case M1:
                return CANDLES_1M;
            case M5:
                return CANDLES_5M;
            case M15:
                return CANDLES_15M;
            case H1:
                return CANDLES_1H;
            case H4:
                return CANDLES_4H;
            default:
                return CANDLES_1D;
        }
    }

    public static List<String> all() {
        List<String> names = new ArrayList<>();
        for (Timeframe tf : Timeframe.values()) {
            names.add(candles(tf));
        }
        names.add(TRADES);
        names.add(TICKERS);
        names.add(ORDERBOOKS);
        return names;
    }
}
