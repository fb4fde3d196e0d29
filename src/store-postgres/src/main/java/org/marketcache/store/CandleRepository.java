package org.marketcache.store;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Timeframe;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/** Candles: reads of every timeframe through {@code marketcache_candles}, upserts of 1-minute rows. */
@ApplicationScoped
class CandleRepository implements PanacheRepositoryBase<CandleEntity, CandleEntity.Key> {

    /*
     * One statement for any number of ranges: the ranges arrive as two parallel arrays and each drives one call of
     * the rollup function. Ranges the caller merged can still meet in one bucket once their starts are aligned
     * down (two 1-minute gaps inside the same hour), so DISTINCT ON keeps each candle once.
     *
     * <p>The range bounds are bound as parameter lists ({@code marketcache_instants(:froms)}, a variadic SQL function
     * of migration V6 that returns its arguments as one array), not as one array literal: a native
     * select with a multi-valued binding skips Hibernate's query plan cache. Hibernate Reactive 3.2 wraps a native
     * query's result mapping in a class without {@code equals}, so a cached plan is never found again, and every
     * execution stored one more plan under the same hash (the SQL text's): with the cache full (2,048 plans), each
     * candle query walked that bin, 17 % of the read function's CPU under the benchmark's misses
     * (docs/performance.md §6.7). Building the plan of a native query each time is cheap.
     */
    static final String SELECT_RANGES = """
            SELECT DISTINCT ON (c.open_time)
                   cast(extract(epoch FROM c.open_time) * 1000 AS bigint), c.open, c.high, c.low, c.close,
                   c.volume, c.closed
              FROM unnest(marketcache_instants(:froms), marketcache_instants(:tos))
                   AS r (from_time, to_time)
             CROSS JOIN LATERAL marketcache_candles(cast(:instrument AS integer), cast(:timeframe AS text),
                   r.from_time, r.to_time, cast(cast(:now AS text) AS timestamptz)) AS c
             ORDER BY c.open_time""";

    /*
     * Replaces a stored candle only if something changed (compared as text, so a change of scale counts) and
     * never with a live version of a candle already stored closed: a stale update arriving late cannot reopen it.
     */
    static final String UPSERT = """
            INSERT INTO candle_1m AS c (instrument_id, open_time, open, high, low, close, volume, closed, updated_at)
            SELECT cast(:instrument AS integer), r.open_time, r.open, r.high, r.low, r.close, r.volume, r.closed, now()
              FROM unnest(cast(cast(:times AS text) AS timestamptz[]), cast(cast(:opens AS text) AS numeric[]),
                          cast(cast(:highs AS text) AS numeric[]), cast(cast(:lows AS text) AS numeric[]),
                          cast(cast(:closes AS text) AS numeric[]), cast(cast(:volumes AS text) AS numeric[]),
                          cast(cast(:closed AS text) AS boolean[]))
                   AS r (open_time, open, high, low, close, volume, closed)
            ON CONFLICT (instrument_id, open_time) DO UPDATE
               SET open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
                   volume = excluded.volume, closed = excluded.closed, updated_at = excluded.updated_at
             WHERE (excluded.closed OR NOT c.closed)
               AND cast(ROW(c.open, c.high, c.low, c.close, c.volume, c.closed) AS text)
                   IS DISTINCT FROM cast(ROW(excluded.open, excluded.high, excluded.low, excluded.close,
                                             excluded.volume, excluded.closed) AS text)""";

    Uni<List<Candle>> select(int instrumentId, Timeframe timeframe, List<TimeRange> ranges, long nowMillis) {
        return getSession().chain(session -> session.createNativeQuery(SELECT_RANGES, Object[].class)
                .setParameter("froms", SqlArrays.instants(ranges, TimeRange::fromInclusive))
                .setParameter("tos", SqlArrays.instants(ranges, TimeRange::toExclusive))
                .setParameter("instrument", instrumentId)
                .setParameter("timeframe", timeframe.label())
                .setParameter("now", SqlArrays.timestamp(nowMillis))
                .getResultList())
                .map(rows -> {
                    List<Candle> out = new ArrayList<>(rows.size());
                    for (Object[] row : rows) {
                        out.add(Rows.candle(instrumentId, timeframe, row));
                    }
                    return out;
                });
    }

    /** {@code candles} must not repeat an open time (one statement cannot update a row twice). */
    Uni<Integer> upsert(int instrumentId, List<Candle> candles) {
        return getSession().chain(session -> session.createNativeQuery(UPSERT)
                .setParameter("instrument", instrumentId)
                .setParameter("times", SqlArrays.literal(candles, c -> SqlArrays.timestamp(c.openTime())))
                .setParameter("opens", SqlArrays.literal(candles, c -> SqlArrays.decimal(c.open())))
                .setParameter("highs", SqlArrays.literal(candles, c -> SqlArrays.decimal(c.high())))
                .setParameter("lows", SqlArrays.literal(candles, c -> SqlArrays.decimal(c.low())))
                .setParameter("closes", SqlArrays.literal(candles, c -> SqlArrays.decimal(c.close())))
                .setParameter("volumes", SqlArrays.literal(candles, c -> SqlArrays.decimal(c.volume())))
                .setParameter("closed", SqlArrays.literal(candles, c -> c.closed() ? "t" : "f"))
                .executeUpdate());
    }
}
