package org.marketcache.bench.jmh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.marketcache.core.series.SeriesChunk;
import org.marketcache.core.series.TimeChunking;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Exchange;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.CandleChunkCodec;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.demo.DemoMarket;
import org.marketcache.demo.DemoSpec;
import org.marketcache.marketdata.query.CandleQuery;
import org.marketcache.marketdata.query.SeriesRange;

/**
 * Fixture shared by the microbenchmarks: the deterministic demo market cut into the read function's one-minute
 * chunks (240 candles, as configured by default), their keys, and Zipf-drawn instruments. Built once per trial.
 */
final class DemoChunks {
    static final int PER_CHUNK = 240;
    static final TimeChunking CHUNKING = new TimeChunking(PER_CHUNK * Timeframe.M1.millis());

    final DemoSpec spec;
    final DemoMarket market;
    final KeySchema keys = new KeySchema("bench");
    final Map<SeriesKey, SeriesChunk> chunks = new LinkedHashMap<>();
    final Map<Instrument, List<Candle>> candles = new LinkedHashMap<>();
    /** Instruments in Zipf order of popularity, drawn in advance. */
    final Instrument[] draws;

    DemoChunks(int symbols, int days, int draws) {
        this.spec = new DemoSpec(List.of(Exchange.of("binance"), Exchange.of("okx"), Exchange.of("huobi")), symbols, days, 0, 42,
                1_767_225_600_000L + 12 * 3_600_000L);
        this.market = DemoMarket.of(spec);
        for (Instrument in : market.instruments()) {
            List<Candle> all = market.series(in).candles();
            candles.put(in, all);
            int i = 0;
            while (i < all.size()) {
                long index = CHUNKING.index(all.get(i).openTime());
                int j = i;
                while (j < all.size() && CHUNKING.index(all.get(j).openTime()) == index) {
                    j++;
                }
                boolean complete = CHUNKING.end(index) <= spec.nowMillis();
                chunks.put(keys.candleChunk(in, Timeframe.M1, PER_CHUNK, index),
                        CandleChunkCodec.build(CHUNKING.start(index), CHUNKING.end(index), all.subList(i, j), complete));
                i = j;
            }
        }
        SplittableRandom random = new SplittableRandom(1);
        this.draws = new Instrument[draws];
        for (int i = 0; i < draws; i++) {
            this.draws[i] = market.popularity().sample(random);
        }
    }

    /** The chunk keys of "latest {@code limit} one-minute candles" at the demo's now, as the read function builds them. */
    List<SeriesKey> latestKeys(Instrument in, int limit) {
        CandleQuery q = new CandleQuery(in, Timeframe.M1, null, null, limit);
        SeriesRange r = q.range(spec.nowMillis());
        long[] span = CHUNKING.covering(r.from(), r.to());
        List<SeriesKey> out = new ArrayList<>();
        for (long i = span[0]; i <= span[1]; i++) {
            out.add(keys.candleChunk(in, Timeframe.M1, PER_CHUNK, i));
        }
        return out;
    }
}
