package org.marketcache.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Timeframe;

/**
 * The candle rollup written the obvious way in Java, to check the SQL one against: buckets whose open time lies
 * in [align(from), to) of any range, each aggregated over all of its 1-minute candles; open = first, close = last,
 * high = max, low = min, volume = sum; closed iff the bucket has ended by {@code now} and all its candles are.
 */
public final class JavaRollup {
    private JavaRollup() {
    }

    public static List<Candle> of(List<Candle> minutes, Timeframe timeframe, List<TimeRange> ranges, long now) {
        TreeMap<Long, List<Candle>> buckets = new TreeMap<>();
        for (Candle c : minutes) {
            buckets.computeIfAbsent(timeframe.align(c.openTime()), k -> new ArrayList<>()).add(c);
        }
        List<Candle> out = new ArrayList<>();
        for (var bucket : buckets.entrySet()) {
            long open = bucket.getKey();
            boolean wanted = ranges.stream().anyMatch(r -> !r.isEmpty() && open >= timeframe.align(r.fromInclusive())
                    && open < r.toExclusive());
            if (!wanted) {
                continue;
            }
            List<Candle> cs = bucket.getValue().stream()
                    .sorted(java.util.Comparator.comparingLong(Candle::openTime)).toList();
            BigDecimal high = cs.get(0).high();
            BigDecimal low = cs.get(0).low();
            BigDecimal volume = BigDecimal.ZERO;
            boolean allClosed = true;
            for (Candle c : cs) {
                high = c.high().compareTo(high) > 0 ? c.high() : high;
                low = c.low().compareTo(low) < 0 ? c.low() : low;
                volume = volume.add(c.volume());
                allClosed &= c.closed();
            }
            out.add(new Candle(open, cs.get(0).open(), high, low, cs.get(cs.size() - 1).close(), volume,
                    allClosed && open + timeframe.millis() <= now));
        }
        return out;
    }
}
