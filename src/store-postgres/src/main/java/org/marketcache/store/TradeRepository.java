package org.marketcache.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Trade;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Trades: range reads as one HQL query, idempotent bulk inserts. */
@ApplicationScoped
class TradeRepository implements PanacheRepositoryBase<TradeEntity, TradeEntity.Key> {

    static final String INSERT = """
            INSERT INTO trade (instrument_id, time, trade_id, price, amount, side)
            SELECT cast(:instrument AS integer), r.time, r.trade_id, r.price, r.amount, r.side
              FROM unnest(cast(cast(:times AS text) AS timestamptz[]), cast(cast(:ids AS text) AS text[]),
                          cast(cast(:prices AS text) AS numeric[]), cast(cast(:amounts AS text) AS numeric[]),
                          cast(cast(:sides AS text) AS text[]))
                   AS r (time, trade_id, price, amount, side)
            ON CONFLICT (instrument_id, time, trade_id) DO NOTHING""";

    /**
     * {@code ranges} must be disjoint (see {@link TimeRange#normalize}); the OR of the ranges lets PostgreSQL prune
     * partitions and scan the primary key once per range within the single statement.
     */
    Uni<List<Trade>> select(int instrumentId, List<TimeRange> ranges) {
        StringBuilder query = new StringBuilder("instrumentId = :instrument and (");
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("instrument", instrumentId);
        for (int i = 0; i < ranges.size(); i++) {
            query.append(i == 0 ? "" : " or ").append("(eventTime >= :from").append(i)
                    .append(" and eventTime < :to").append(i).append(')');
            parameters.put("from" + i, Instant.ofEpochMilli(ranges.get(i).fromInclusive()));
            parameters.put("to" + i, Instant.ofEpochMilli(ranges.get(i).toExclusive()));
        }
        query.append(')');
        return find(query.toString(), Sort.by("eventTime").and("tradeId"), parameters).list()
                .map(rows -> rows.stream().map(Rows::trade).toList());
    }

    Uni<Integer> insert(int instrumentId, List<Trade> trades) {
        return getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter("instrument", instrumentId)
                .setParameter("times", SqlArrays.literal(trades, t -> SqlArrays.timestamp(t.time())))
                .setParameter("ids", SqlArrays.literal(trades, t -> SqlArrays.quoted(t.id())))
                .setParameter("prices", SqlArrays.literal(trades, t -> SqlArrays.decimal(t.price())))
                .setParameter("amounts", SqlArrays.literal(trades, t -> SqlArrays.decimal(t.amount())))
                .setParameter("sides", SqlArrays.literal(trades, t -> t.side().label()))
                .executeUpdate());
    }
}
