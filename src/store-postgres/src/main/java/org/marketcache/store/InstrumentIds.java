package org.marketcache.store;

import java.util.concurrent.CompletionStage;

import org.marketcache.marketdata.Instrument;

/**
 * Turns an instrument into its database id for the source tiers. The store does not decide how ids are cached or
 * how unknown symbols are kept away from the database: the runtime's instrument registry does (a pod-local set, a
 * negative cache shared in Redis), and the tiers only ask it.
 */
@FunctionalInterface
public interface InstrumentIds {
    /** The instrument's id; fails with {@link org.marketcache.core.NotFoundException} for an unknown instrument. */
    CompletionStage<Integer> require(Instrument instrument);
}
