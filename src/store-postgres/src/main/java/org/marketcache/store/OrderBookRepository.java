package org.marketcache.store;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.PriceLevel;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Order books: the latest full snapshot, bulk inserts (each side as nested array literals). */
@ApplicationScoped
class OrderBookRepository implements PanacheRepositoryBase<OrderBookEntity, OrderBookEntity.Key> {

    static final String INSERT = """
            INSERT INTO order_book (instrument_id, time, sequence, bid_prices, bid_amounts, ask_prices, ask_amounts)
            SELECT cast(:instrument AS integer), r.time, r.sequence, cast(r.bid_prices AS numeric[]),
                   cast(r.bid_amounts AS numeric[]), cast(r.ask_prices AS numeric[]), cast(r.ask_amounts AS numeric[])
              FROM unnest(cast(cast(:times AS text) AS timestamptz[]), cast(cast(:sequences AS text) AS bigint[]),
                          cast(cast(:bidPrices AS text) AS text[]), cast(cast(:bidAmounts AS text) AS text[]),
                          cast(cast(:askPrices AS text) AS text[]), cast(cast(:askAmounts AS text) AS text[]))
                   AS r (time, sequence, bid_prices, bid_amounts, ask_prices, ask_amounts)
            ON CONFLICT (instrument_id, time, sequence) DO NOTHING""";

    Uni<OrderBook> latest(int instrumentId) {
        return find("instrumentId = ?1", Sort.descending("eventTime", "sequence"), instrumentId).firstResult()
                .map(e -> e == null ? null : Rows.orderBook(e));
    }

    Uni<Integer> insert(int instrumentId, List<OrderBook> books) {
        return getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter("instrument", instrumentId)
                .setParameter("times", SqlArrays.literal(books, b -> SqlArrays.timestamp(b.time())))
                .setParameter("sequences", SqlArrays.literal(books, b -> Long.toString(b.sequence())))
                .setParameter("bidPrices", SqlArrays.literal(books, b -> side(b.bids(), true)))
                .setParameter("bidAmounts", SqlArrays.literal(books, b -> side(b.bids(), false)))
                .setParameter("askPrices", SqlArrays.literal(books, b -> side(b.asks(), true)))
                .setParameter("askAmounts", SqlArrays.literal(books, b -> side(b.asks(), false)))
                .executeUpdate());
    }

    /** One side's prices or amounts as a numeric[] literal, quoted to nest inside the text[] of the batch. */
    private static String side(List<PriceLevel> levels, boolean prices) {
        return SqlArrays.quoted(SqlArrays.literal(levels, l -> SqlArrays.decimal(prices ? l.price() : l.amount())));
    }
}
