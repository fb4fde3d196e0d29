package org.marketcache.store;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.marketcache.marketdata.Exchange;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Symbol;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/** Queries of {@code instrument}. Callers provide the session (see {@link PanacheMarketDataStore}). */
@ApplicationScoped
class InstrumentRepository implements PanacheRepositoryBase<InstrumentEntity, Integer> {

    /*
     * DO NOTHING + RETURNING yields no row when the instrument exists; the UNION then finds it. If another
     * transaction inserted it concurrently, our statement's snapshot predates that commit and both halves come
     * back empty: the caller then looks it up again with a fresh statement.
     */
    private static final String UPSERT = """
            WITH inserted AS (
                INSERT INTO instrument (exchange, base, quote) VALUES (:exchange, :base, :quote)
                ON CONFLICT (exchange, base, quote) DO NOTHING
                RETURNING id)
            SELECT id FROM inserted
            UNION ALL
            SELECT id FROM instrument WHERE exchange = :exchange AND base = :base AND quote = :quote
            LIMIT 1""";

    Uni<List<InstrumentRecord>> all() {
        return listAll(Sort.by("id")).map(rows -> rows.stream()
                .map(e -> new InstrumentRecord(e.id,
                        new Instrument(new Exchange(e.exchange), new Symbol(e.base, e.quote))))
                .toList());
    }

    Uni<Integer> idOf(Instrument instrument) {
        return find("exchange = ?1 and base = ?2 and quote = ?3", instrument.exchange().id(),
                instrument.symbol().base(), instrument.symbol().quote())
                .firstResult().map(e -> e == null ? null : e.id);
    }

    /** The id, inserting the row if needed; {@code null} only in the concurrent-insert case described above. */
    Uni<Integer> upsert(Instrument instrument) {
        return getSession().chain(session -> session.createNativeQuery(UPSERT, Integer.class)
                .setParameter("exchange", instrument.exchange().id())
                .setParameter("base", instrument.symbol().base())
                .setParameter("quote", instrument.symbol().quote())
                .getSingleResultOrNull());
    }
}
