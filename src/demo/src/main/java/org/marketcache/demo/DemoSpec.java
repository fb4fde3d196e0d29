package org.marketcache.demo;

import java.util.HashSet;
import java.util.List;

import org.marketcache.marketdata.Exchange;
import org.marketcache.marketdata.Fields;
import org.marketcache.marketdata.Timeframe;

/**
 * What to generate: every exchange × the first {@code symbols} symbols of {@link SymbolProfile#catalogue}, with
 * {@code days} of 1-minute candles ending at {@code nowMillis} (the last one live) and trades for the last
 * {@code tradeHours} hours. The same spec always yields the same data.
 */
public record DemoSpec(List<Exchange> exchanges, int symbols, int days, int tradeHours, long seed, long nowMillis) {
    public static final int MAX_SYMBOLS = 1_000;
    public static final int MAX_DAYS = 366;

    public DemoSpec {
        exchanges = List.copyOf(Fields.requireNonNull("exchanges", exchanges));
        if (exchanges.isEmpty()) {
            throw Fields.invalid("exchanges", "exchanges must name at least one exchange");
        }
        if (new HashSet<>(exchanges).size() != exchanges.size()) {
            throw Fields.invalid("exchanges", "exchanges must not repeat: " + exchanges);
        }
        if (symbols < 1 || symbols > MAX_SYMBOLS) {
            throw Fields.invalid("symbols", "symbols must be between 1 and " + MAX_SYMBOLS + ": " + symbols);
        }
        if (days < 1 || days > MAX_DAYS) {
            throw Fields.invalid("days", "days must be between 1 and " + MAX_DAYS + ": " + days);
        }
        if (tradeHours < 0 || tradeHours > days * 24) {
            throw Fields.invalid("tradeHours", "tradeHours must be between 0 and days × 24 (" + days * 24 + "): "
                    + tradeHours);
        }
        Fields.epochMillis("now", nowMillis);
        if (Timeframe.M1.align(nowMillis) - (long) days * Timeframe.D1.millis() < 0) {
            throw Fields.invalid("now", "now must be at least " + days + " days after the epoch: " + nowMillis);
        }
    }

    /** binance, okx, huobi × 10 symbols × 7 days, 2 hours of trades. */
    public static DemoSpec defaults(long seed, long nowMillis) {
        return new DemoSpec(List.of(new Exchange("binance"), new Exchange("okx"), new Exchange("huobi")), 10, 7, 2,
                seed, nowMillis);
    }

    public int instrumentCount() {
        return exchanges.size() * symbols;
    }

    /** Number of 1-minute candles per instrument. */
    public int minutes() {
        return days * 1440;
    }

    /** Open time of the first candle. */
    public long firstOpenTime() {
        return Timeframe.M1.align(nowMillis) - (long) (minutes() - 1) * Timeframe.M1.millis();
    }

    /** Open time of the live candle. */
    public long lastOpenTime() {
        return Timeframe.M1.align(nowMillis);
    }

    /** Trades are generated for the candles opening at or after this time. */
    public long tradesFrom() {
        return lastOpenTime() - tradeHours * 3_600_000L;
    }
}
