package org.marketcache.store;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.marketcache.marketdata.Ticker;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Tickers: the latest one (a backward scan of the primary key, stopping at the first row), bulk inserts. */
@ApplicationScoped
class TickerRepository implements PanacheRepositoryBase<TickerEntity, TickerEntity.Key> {

    static final String INSERT = """
            INSERT INTO ticker (instrument_id, time, bid, ask, last, volume_24h)
            SELECT cast(:instrument AS integer), r.time, r.bid, r.ask, r.last, r.volume_24h
              FROM unnest(cast(cast(:times AS text) AS timestamptz[]), cast(cast(:bids AS text) AS numeric[]),
                          cast(cast(:asks AS text) AS numeric[]), cast(cast(:lasts AS text) AS numeric[]),
                          cast(cast(:volumes AS text) AS numeric[]))
                   AS r (time, bid, ask, last, volume_24h)
            ON CONFLICT (instrument_id, time) DO NOTHING""";

    Uni<Ticker> latest(int instrumentId) {
        return find("instrumentId = ?1", Sort.descending("eventTime"), instrumentId).firstResult()
                .map(e -> e == null ? null : Rows.ticker(e));
    }

    Uni<Integer> insert(int instrumentId, List<Ticker> tickers) {
        return getSession().chain(session -> session.createNativeQuery(INSERT)
                .setParameter("instrument", instrumentId)
                .setParameter("times", SqlArrays.literal(tickers, t -> SqlArrays.timestamp(t.time())))
                .setParameter("bids", SqlArrays.literal(tickers, t -> SqlArrays.decimal(t.bid())))
                .setParameter("asks", SqlArrays.literal(tickers, t -> SqlArrays.decimal(t.ask())))
                .setParameter("lasts", SqlArrays.literal(tickers, t -> SqlArrays.decimal(t.last())))
                .setParameter("volumes", SqlArrays.literal(tickers, t -> SqlArrays.decimal(t.volume24h())))
                .executeUpdate());
    }
}
