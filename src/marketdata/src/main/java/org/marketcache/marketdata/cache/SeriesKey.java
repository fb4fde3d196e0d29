package org.marketcache.marketdata.cache;

import org.marketcache.core.tier.CacheKey;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;

/**
 * Key of one aligned chunk of a time series: candles of one timeframe, or trades. Carries what the source needs to
 * load the chunk ({@link #start()}, {@link #end()}).
 */
public final class SeriesKey extends CacheKey {
    private final Instrument instrument;
    private final DataType type;
    private final Timeframe timeframe;
    private final long index;
    private final long spanMillis;

    SeriesKey(String cache, String id, Instrument instrument, DataType type, Timeframe timeframe, long index,
            long spanMillis) {
        super(cache, instrument.keyGroup(), id);
        this.instrument = instrument;
        this.type = type;
        this.timeframe = timeframe;
        this.index = index;
        this.spanMillis = spanMillis;
    }

    public Instrument instrument() {
        return instrument;
    }

    public DataType type() {
        return type;
    }

    /** The candle timeframe; {@code null} for trades. */
    public Timeframe timeframe() {
        return timeframe;
    }

    public long index() {
        return index;
    }

    public long start() {
        return index * spanMillis;
    }

    public long end() {
        return (index + 1) * spanMillis;
    }
}
