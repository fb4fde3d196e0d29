package org.marketcache.read;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Shapes of the JSON bodies, for the OpenAPI document only: the function writes these bodies from pre-encoded
 * bytes, never through these classes. Prices and amounts are strings holding exact decimals.
 */
final class ApiDocs {
    private ApiDocs() {
    }

    @Schema(name = "Candle")
    record Candle(@Schema(description = "epoch ms, start of the interval") long openTime,
            @Schema(example = "91234.50") String open, String high, String low, String close, String volume,
            @Schema(description = "false only for the candle still being traded") boolean closed) {
    }

    @Schema(name = "Candles")
    record Candles(@Schema(example = "binance") String exchange, @Schema(example = "BTC/USDT") String symbol,
            @Schema(example = "1m") String timeframe, List<Candle> candles) {
    }

    @Schema(name = "Ticker")
    record TickerDoc(String exchange, String symbol, long time, String bid, String ask, String last,
            String volume24h) {
    }

    @Schema(name = "OrderBook")
    record OrderBookDoc(String exchange, String symbol, long time, long sequence, int depth,
            @Schema(description = "[price, amount], best first") List<List<String>> bids,
            @Schema(description = "[price, amount], best first") List<List<String>> asks) {
    }

    @Schema(name = "Trade")
    record Trade(String id, long time, String price, String amount, @Schema(enumeration = {"buy", "sell"}) String side) {
    }

    @Schema(name = "Trades")
    record Trades(String exchange, String symbol, List<Trade> trades) {
    }
}
