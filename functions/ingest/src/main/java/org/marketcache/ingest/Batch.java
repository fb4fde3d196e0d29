package org.marketcache.ingest;

import java.util.List;
import java.util.Map;

import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.cache.DataType;

/** A validated batch of one data type, grouped by instrument in arrival order. */
public record Batch<T>(DataType type, Map<Instrument, List<T>> byInstrument, int count) {
}
