package org.marketcache.store;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Makes sure the monthly partitions a write needs exist, asking the database only for months this process has not
 * seen yet. Under TimescaleDB the SQL function is a no-op, so the memo costs one cheap call per table and month.
 * The memo can go stale if an operator drops a partition (retention); {@link #forget} clears a table's months
 * after an insert found no partition, and the write is retried once.
 */
final class PartitionMonths {
    private static final String ENSURE = """
            SELECT marketcache_ensure_partitions(cast(cast(:table AS text) AS regclass),
                   cast(cast(:from AS text) AS timestamptz), cast(cast(:to AS text) AS timestamptz))""";

    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /** Creates the partitions for [fromMillis, toMillis] if needed, in a short transaction of its own. */
    Uni<Void> ensure(String table, long fromMillis, long toMillis) {
        YearMonth first = month(fromMillis);
        YearMonth last = month(toMillis);
        boolean all = true;
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            all &= known.contains(table + ':' + m);
        }
        if (all) {
            return Uni.createFrom().voidItem();
        }
        // Own transaction: creating a partition locks the parent table, which must not be held across a bulk load.
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery(ENSURE, Integer.class)
                .setParameter("table", table)
                .setParameter("from", SqlArrays.timestamp(fromMillis))
                .setParameter("to", SqlArrays.timestamp(toMillis))
                .getSingleResult()))
                .invoke(created -> {
                    for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
                        known.add(table + ':' + m);
                    }
                })
                .replaceWithVoid();
    }

    void forget(String table) {
        known.removeIf(k -> k.startsWith(table + ':'));
    }

    private static YearMonth month(long epochMillis) {
        return YearMonth.from(Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC));
    }
}
