package org.marketcache.runtime.write;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.marketcache.core.InvalidInputException;
import org.marketcache.core.engine.TieredCache;
import org.marketcache.core.series.TimeChunking;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.CacheNames;
import org.marketcache.marketdata.cache.ChunkKeys;
import org.marketcache.marketdata.cache.SeriesKey;
import org.marketcache.runtime.CacheTiers;
import org.marketcache.runtime.events.CacheEvents;

/**
 * Removes cached values on request, when the data changed behind the cache's back or a cached value is wrong: by
 * exact key, by the chunks of a time range, or every value of some caches of one instrument. Exchange-wide and
 * global invalidations are the instrument invalidation repeated over the instruments they name.
 *
 * <p>Keys and ranges become tombstones on computed keys, never a {@code KEYS} scan. An instrument's caches are
 * invalidated by bumping their generation, so every value written before becomes unreachable and racing fills are
 * refused ({@link TieredCache#invalidateGroup}). Either way one event follows, so every pod drops its L1 copies.
 */
@ApplicationScoped
public class CacheInvalidator {
    @Inject
    CacheTiers tiers;
    @Inject
    CacheEvents events;
    @Inject
    ChunkKeys chunkKeys;
    @Inject
    CacheChanges changes;

    /** Exact keys (already parsed and grouped by cache). */
    public CompletionStage<CacheOutcome> invalidateKeys(String cache, List<CacheKey> keys) {
        @SuppressWarnings("unchecked")
        TieredCache<CacheKey, Object> c = (TieredCache<CacheKey, Object>) tiers.all().get(cache);
        if (c == null) {
            throw new IllegalArgumentException("no cache named " + cache);
        }
        return changes.drop(c, keys);
    }

    /** Every value of the given caches (all nine if empty) of one instrument. */
    public CompletionStage<CacheOutcome> invalidateInstrument(Instrument instrument, Collection<String> caches) {
        List<String> names = caches.isEmpty() ? CacheNames.all() : new ArrayList<>(caches);
        List<CompletableFuture<Long>> parts = new ArrayList<>();
        for (String name : names) {
            parts.add(tiers.all().get(name).invalidateGroup(instrument.keyGroup()).toCompletableFuture());
        }
        String cache = names.size() == 1 ? names.get(0) : "*";
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> new CacheOutcome(0, 0, parts.stream().mapToLong(CompletableFuture::join).sum(),
                        null))
                .thenCompose(o -> changes.publish(events.groupInvalidated(cache, instrument.keyGroup()), o));
    }

    /**
     * The chunks of one cache of an instrument that overlap {@code [from, to)}.
     *
     * @throws InvalidInputException {@code RANGE_TOO_LARGE} if they are more than {@code maxKeys}
     */
    public List<SeriesKey> rangeKeys(Instrument instrument, String cache, long from, long to, int maxKeys) {
        TimeChunking chunking;
        Timeframe tf = null;
        if (cache.startsWith("candles-")) {
            tf = Timeframe.parse(cache.substring("candles-".length()));
            chunking = chunkKeys.sizes().candles(tf);
        } else if (CacheNames.TRADES.equals(cache)) {
            chunking = chunkKeys.sizes().trades();
        } else {
            throw new IllegalArgumentException(cache + " has no time ranges");
        }
        long[] span = chunking.covering(from, to);
        long count = span[1] - span[0] + 1;
        if (count > maxKeys) {
            throw new InvalidInputException("RANGE_TOO_LARGE", "to", "from..to covers " + count + " chunks of "
                    + cache + "; at most " + maxKeys + " per request: narrow the range, or invalidate the whole cache"
                    + " of the instrument instead");
        }
        List<SeriesKey> keys = new ArrayList<>();
        for (long i = span[0]; i <= span[1]; i++) {
            keys.add(tf != null ? chunkKeys.candleChunk(instrument, tf, i) : chunkKeys.tradeChunk(instrument, i));
        }
        return keys;
    }
}
