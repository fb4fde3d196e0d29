package org.marketcache.marketdata;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * One executed trade. The exchange's trade id, together with the instrument and time, makes re-ingestion
 * idempotent.
 */
public record Trade(String id, long time, BigDecimal price, BigDecimal amount, Side side) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    public Trade {
        if (id == null || !ID.matcher(id).matches()) {
            throw Fields.invalid("id", "id must be 1-64 letters, digits, '.', '_', ':' or '-': " + Exchange.quote(id));
        }
        Fields.epochMillis("time", time);
        price = Fields.price("price", price);
        amount = Fields.amount("amount", amount);
        if (amount.signum() == 0) {
            throw Fields.invalid("amount", "amount of a trade must be greater than 0");
        }
        Fields.requireNonNull("side", side);
    }
}
