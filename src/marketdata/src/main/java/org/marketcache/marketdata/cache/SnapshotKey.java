package org.marketcache.marketdata.cache;

import org.marketcache.core.tier.CacheKey;
import org.marketcache.marketdata.Instrument;

/** Key of the latest value of an instrument: its ticker or its full order-book snapshot. */
public final class SnapshotKey extends CacheKey {
    private final Instrument instrument;
    private final DataType type;

    SnapshotKey(String cache, String id, Instrument instrument, DataType type) {
        super(cache, instrument.keyGroup(), id);
        this.instrument = instrument;
        this.type = type;
    }

    public Instrument instrument() {
        return instrument;
    }

    public DataType type() {
        return type;
    }
}
