package org.marketcache.ingest;

import java.util.List;
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
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.runtime.events.CacheEvents;
import org.marketcache.runtime.fault.FaultGuards;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.MarketDataStore;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * Writes records to the database of record, idempotently (the store upserts candles and ignores repeated trades,
 * tickers and books), and makes a new instrument known everywhere: registered here, announced to every pod, and
 * removed from the negative cache. Shared by the write-through/write-around path and the write-back flusher.
 */
@ApplicationScoped
public class SourceWriter {
    @Inject
    MarketDataStore store;
    @Inject
    InstrumentRegistry instruments;
    @Inject
    CacheEvents events;
    @Inject
    Redis redis;
    @Inject
    KeySchema keys;
    @Inject
    FaultGuards guards;

    public CompletionStage<Integer> ensureInstrument(Instrument instrument) {
        if (instruments.isKnown(instrument)) {
            return instruments.require(instrument);
        }
        return store.ensureInstrument(instrument).subscribeAsCompletionStage().thenApply(id -> {
            instruments.register(instrument, id);
            guards.redis(() -> redis.send(Request.cmd(Command.DEL).arg(keys.unknown(instrument.keyGroup())))
                    .toCompletionStage());
            events.instrumentAdded(instrument, id);
            return id;
        });
    }

    @SuppressWarnings("unchecked")
    public CompletionStage<Integer> store(DataType type, int instrumentId, List<?> records) {
        return switch (type) {
            case CANDLES -> store.upsertCandles(instrumentId, (List<Candle>) records).subscribeAsCompletionStage();
            case TRADES -> store.insertTrades(instrumentId, (List<Trade>) records).subscribeAsCompletionStage();
            case TICKERS -> store.insertTickers(instrumentId, (List<Ticker>) records).subscribeAsCompletionStage();
            case ORDERBOOKS -> store.insertOrderBooks(instrumentId, (List<OrderBook>) records)
                    .subscribeAsCompletionStage();
        };
    }

    /** Stores one instrument's records, creating the instrument if needed. */
    public CompletionStage<Integer> write(DataType type, Instrument instrument, List<?> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(0);
        }
        return ensureInstrument(instrument).thenCompose(id -> store(type, id, records));
    }
}
