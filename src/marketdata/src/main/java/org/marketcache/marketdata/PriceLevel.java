package org.marketcache.marketdata;

import java.math.BigDecimal;

/** One level of an order book: a price and the amount resting at it. */
public record PriceLevel(BigDecimal price, BigDecimal amount) {
    public PriceLevel {
        price = Fields.price("price", price);
        amount = Fields.amount("amount", amount);
        if (amount.signum() == 0) {
            throw Fields.invalid("amount", "amount of an order-book level must be greater than 0");
        }
    }
}
