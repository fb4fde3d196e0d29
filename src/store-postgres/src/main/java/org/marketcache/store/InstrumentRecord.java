package org.marketcache.store;

import org.marketcache.marketdata.Fields;
import org.marketcache.marketdata.Instrument;

/** An instrument known to the database, with the id its series rows refer to. */
public record InstrumentRecord(int id, Instrument instrument) {
    public InstrumentRecord {
        if (id <= 0) {
            throw Fields.invalid("id", "instrument id must be positive: " + id);
        }
        Fields.requireNonNull("instrument", instrument);
    }
}
