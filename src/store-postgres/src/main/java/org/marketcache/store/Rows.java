package org.marketcache.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.marketcache.core.codec.CorruptValueException;
import org.marketcache.core.InvalidInputException;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.PriceLevel;
import org.marketcache.marketdata.Side;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.Trade;

/**
 * Rows to domain records. The records validate themselves; a row that breaks a rule (written by another tool, or
 * a rolled-up volume beyond 18 significant digits) is reported as {@link CorruptValueException} naming the row,
 * never passed on half-checked.
 */
final class Rows {
    private Rows() {
    }

    static Candle candle(int instrumentId, Timeframe timeframe, Object[] row) {
        long openTime = SqlArrays.toLong(row[0]);
        return checked(() -> "candle " + timeframe + " of instrument " + instrumentId + " at "
                + Instant.ofEpochMilli(openTime), () -> new Candle(openTime, SqlArrays.toDecimal(row[1]),
                        SqlArrays.toDecimal(row[2]), SqlArrays.toDecimal(row[3]), SqlArrays.toDecimal(row[4]),
                        SqlArrays.toDecimal(row[5]), (Boolean) row[6]));
    }

    static Trade trade(TradeEntity e) {
        return checked(() -> "trade " + e.tradeId + " of instrument " + e.instrumentId + " at " + e.eventTime,
                () -> new Trade(e.tradeId, e.eventTime.toEpochMilli(), e.price, e.amount, Side.parse("side", e.side)));
    }

    static Ticker ticker(TickerEntity e) {
        return checked(() -> "ticker of instrument " + e.instrumentId + " at " + e.eventTime,
                () -> new Ticker(e.eventTime.toEpochMilli(), e.bid, e.ask, e.last, e.volume24h));
    }

    static OrderBook orderBook(OrderBookEntity e) {
        return checked(() -> "order book of instrument " + e.instrumentId + " at " + e.eventTime + " sequence "
                + e.sequence, () -> new OrderBook(e.eventTime.toEpochMilli(), e.sequence,
                        levels("bids", e.bidPrices, e.bidAmounts), levels("asks", e.askPrices, e.askAmounts)));
    }

    private static List<PriceLevel> levels(String side, String priceLiteral, String amountLiteral) {
        List<BigDecimal> prices = SqlArrays.decimals(priceLiteral);
        List<BigDecimal> amounts = SqlArrays.decimals(amountLiteral);
        if (prices.size() != amounts.size()) {
            throw new InvalidInputException("INVALID_FIELD", side, side + " has " + prices.size() + " prices but "
                    + amounts.size() + " amounts");
        }
        List<PriceLevel> levels = new ArrayList<>(prices.size());
        for (int i = 0; i < prices.size(); i++) {
            levels.add(new PriceLevel(prices.get(i), amounts.get(i)));
        }
        return levels;
    }

    private static <T> T checked(Supplier<String> what, Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidInputException | ClassCastException | IllegalStateException | NullPointerException
                | NumberFormatException e) {
            throw new CorruptValueException("stored " + what.get() + " is not valid: " + e.getMessage(), e);
        }
    }
}
