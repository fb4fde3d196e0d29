package org.marketcache.marketdata.cache;

/** The four kinds of market data the cache serves; {@link #label()} appears in keys and cache names. */
public enum DataType {
    CANDLES("candles"), TRADES("trades"), TICKERS("tickers"), ORDERBOOKS("orderbooks");

    private final String label;

    DataType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
