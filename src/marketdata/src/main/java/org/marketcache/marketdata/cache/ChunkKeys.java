package org.marketcache.marketdata.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.marketcache.core.series.TimeChunking;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;

/**
 * The chunk keys a series record lives in, under one {@link KeySchema} and one set of {@link ChunkSizes}: which
 * chunks a read covers, and which chunks a write touches.
 *
 * <p>A written one-minute candle touches one chunk of every timeframe, because every higher timeframe is rolled up
 * from the one-minute candles: the chunk of {@code tf} that holds the candle's open time holds the {@code tf}
 * candle it rolls into ({@code tf.align(t)} lies in the same chunk as {@code t}, chunks being whole multiples of
 * {@code tf}).
 */
public final class ChunkKeys {
    private final KeySchema keys;
    private final ChunkSizes sizes;

    public ChunkKeys(KeySchema keys, ChunkSizes sizes) {
        this.keys = keys;
        this.sizes = sizes;
    }

    public ChunkSizes sizes() {
        return sizes;
    }

    /** Chunk {@code index} of the candles of {@code tf}. */
    public SeriesKey candleChunk(Instrument instrument, Timeframe tf, long index) {
        return keys.candleChunk(instrument, tf, sizes.candlesPerChunk(tf), index);
    }

    /** Chunk {@code index} of the trades. */
    public SeriesKey tradeChunk(Instrument instrument, long index) {
        return keys.tradeChunk(instrument, sizes.trades(), index);
    }

    /** The chunk of {@code tf} that holds {@code epochMillis}. */
    public SeriesKey candleChunkAt(Instrument instrument, Timeframe tf, long epochMillis) {
        return candleChunk(instrument, tf, sizes.candles(tf).index(epochMillis));
    }

    /** The trade chunk that holds {@code epochMillis}. */
    public SeriesKey tradeChunkAt(Instrument instrument, long epochMillis) {
        return tradeChunk(instrument, sizes.trades().index(epochMillis));
    }

    /** The chunks of {@code tf} holding any of {@code times}: each once, ascending. */
    public List<SeriesKey> candleChunks(Instrument instrument, Timeframe tf, Collection<Long> times) {
        List<SeriesKey> out = new ArrayList<>();
        for (long i : indexes(sizes.candles(tf), times)) {
            out.add(candleChunk(instrument, tf, i));
        }
        return out;
    }

    /** The trade chunks holding any of {@code times}: each once, ascending. */
    public List<SeriesKey> tradeChunks(Instrument instrument, Collection<Long> times) {
        List<SeriesKey> out = new ArrayList<>();
        for (long i : indexes(sizes.trades(), times)) {
            out.add(tradeChunk(instrument, i));
        }
        return out;
    }

    /**
     * The chunks one-minute candles opening at {@code times} touch, for every timeframe (in {@link Timeframe}
     * order, {@link Timeframe#M1} first): the one-minute chunks that hold them and the chunks of the rolled-up
     * candles they change.
     */
    public Map<Timeframe, List<SeriesKey>> touchedByCandles(Instrument instrument, Collection<Long> times) {
        Map<Timeframe, List<SeriesKey>> out = new EnumMap<>(Timeframe.class);
        for (Timeframe tf : Timeframe.values()) {
            out.put(tf, candleChunks(instrument, tf, times));
        }
        return out;
    }

    private static TreeSet<Long> indexes(TimeChunking chunking, Collection<Long> times) {
        TreeSet<Long> out = new TreeSet<>();
        for (long t : times) {
            out.add(chunking.index(t));
        }
        return out;
    }
}
