package org.marketcache.marketdata;

/**
 * One symbol on one exchange: the unit of popularity, invalidation and Redis slot placement. Every cache key of an
 * instrument carries {@link #keyGroup()} in a hash tag so that all of them live in one Redis Cluster slot.
 */
public record Instrument(Exchange exchange, Symbol symbol) {
    public Instrument {
        Fields.requireNonNull("exchange", exchange);
        Fields.requireNonNull("symbol", symbol);
    }

    public static Instrument of(String exchange, String symbol) {
        return new Instrument(Exchange.of(exchange), Symbol.parse(symbol));
    }

    /** {@code binance:BTC-USDT}: safe in keys (no braces, spaces or slashes). */
    public String keyGroup() {
        return exchange.id() + ":" + symbol.urlForm();
    }

    @Override
    public String toString() {
        return exchange + " " + symbol;
    }
}
