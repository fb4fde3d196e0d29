package org.marketcache.marketdata.cache;

/**
 * The cached form of a latest ticker: the complete JSON response (it depends on nothing but the instrument, which
 * the key fixes) and the binary payload for L2.
 */
public record TickerView(long time, byte[] json, byte[] payload) {
}
