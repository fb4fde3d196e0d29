package org.marketcache.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.Trade;
import org.marketcache.marketdata.cache.DataType;
import org.marketcache.runtime.config.MarketCacheConfig.WriteMode;
import org.marketcache.runtime.live.LiveConfig;
import org.marketcache.runtime.write.CacheOutcome;
import org.marketcache.runtime.write.CacheWriter;

/**
 * Applies a validated batch in the write mode configured for its data type.
 * <ul>
 *   <li><b>write-through</b>: the database commits; then L2 is rewritten from the database (one-minute candle
 *       chunks, trade chunks, latest ticker or book), the higher-timeframe chunks L2 holds get the rolled-up
 *       candles of the written buckets (the others are tombstoned, not rebuilt); then every pod is told to drop its
 *       L1 copies. A 200 means durable.</li>
 *   <li><b>write-back</b>: the records are appended to the write-back log in Redis and merged into L2 at once (202);
 *       flushers commit them to the database shortly after. Refused with 503 while the log is over its limit.</li>
 *   <li><b>write-around</b>: the database commits, then the affected keys are invalidated everywhere.</li>
 * </ul>
 * Instruments of a batch are written one after the other; a database failure part-way answers 503 and the client
 * retries the whole batch, which the idempotent writes make safe.
 */
@ApplicationScoped
public class IngestService {
    @Inject
    SourceWriter writer;
    @Inject
    CacheWriter cache;
    @Inject
    WriteBackLog log;
    @Inject
    LiveConfig live;

    public WriteMode mode(DataType type) {
        return live.settings().writeMode(type.label());
    }

    public CompletionStage<IngestResult> ingest(Batch<?> batch) {
        WriteMode mode = mode(batch.type());
        List<String> events = new ArrayList<>();
        CompletionStage<CacheOutcome> all = mode == WriteMode.WRITE_BACK ? log.checkRoom()
                .thenApply(v -> CacheOutcome.NONE) : CompletableFuture.completedFuture(CacheOutcome.NONE);
        for (Map.Entry<Instrument, ? extends List<?>> e : batch.byInstrument().entrySet()) {
            Instrument instrument = e.getKey();
            List<?> records = e.getValue();
            all = all.thenCompose(sum -> one(batch.type(), mode, instrument, records).thenApply(o -> {
                if (o.eventId() != null) {
                    events.add(o.eventId());
                }
                return sum.plus(o);
            }));
        }
        return all.thenApply(o -> new IngestResult(batch.count(), mode.label(), mode != WriteMode.WRITE_BACK,
                mode == WriteMode.WRITE_BACK, o.l2Written(), o.l2Removed(), events));
    }

    @SuppressWarnings("unchecked")
    private CompletionStage<CacheOutcome> one(DataType type, WriteMode mode, Instrument instrument, List<?> records) {
        if (mode == WriteMode.WRITE_BACK) {
            return writer.ensureInstrument(instrument)
                    .thenCompose(id -> log.append(type, instrument, RecordJson.write(instrument, records)))
                    .thenCompose(entry -> pending(type, instrument, records));
        }
        boolean rewrite = mode == WriteMode.WRITE_THROUGH;
        return writer.write(type, instrument, records).thenCompose(n -> switch (type) {
            case CANDLES -> cache.candlesStored(instrument, (List<Candle>) records, rewrite);
            case TRADES -> cache.tradesStored(instrument, (List<Trade>) records, rewrite);
            case TICKERS -> cache.tickerStored(instrument, rewrite);
            case ORDERBOOKS -> cache.orderBookStored(instrument, rewrite);
        });
    }

    @SuppressWarnings("unchecked")
    private CompletionStage<CacheOutcome> pending(DataType type, Instrument instrument, List<?> records) {
        return switch (type) {
            case CANDLES -> cache.candlesPending(instrument, (List<Candle>) records);
            case TRADES -> cache.tradesPending(instrument, (List<Trade>) records);
            case TICKERS -> cache.tickerPending(instrument, ((List<Ticker>) records).stream()
                    .max(Comparator.comparingLong(Ticker::time)).orElseThrow());
            case ORDERBOOKS -> cache.orderBookPending(instrument, ((List<OrderBook>) records).stream()
                    .max(Comparator.comparingLong(OrderBook::time).thenComparingLong(OrderBook::sequence))
                    .orElseThrow());
        };
    }
}
