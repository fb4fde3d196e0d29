package org.marketcache.demo;

import java.util.List;

import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.Trade;

/**
 * Everything the demo market holds for one instrument: 1-minute candles ascending (the last one live), trades
 * ascending by time then id, the latest ticker and the latest full order book.
 */
public record DemoSeries(Instrument instrument, SymbolProfile profile, List<Candle> candles, List<Trade> trades,
        Ticker ticker, OrderBook orderBook) {

    public DemoSeries {
        candles = List.copyOf(candles);
        trades = List.copyOf(trades);
    }
}
