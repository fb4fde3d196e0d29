package org.marketcache.bench.alt;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.marketcache.core.NotFoundException;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.PriceLevel;
import org.marketcache.marketdata.TimeRange;
import org.marketcache.marketdata.Trade;
import org.marketcache.marketdata.query.CandleQuery;
import org.marketcache.marketdata.query.SeriesRange;
import org.marketcache.marketdata.query.TradeQuery;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.MarketDataStore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * The loader every alternative puts its cache in front of: the same {@link MarketDataStore} the read function's L3
 * uses (Hibernate Reactive Panache, the same SQL), one query per request, and the answer encoded with Jackson as
 * users of a key-value cache do (the cache then holds the encoded bytes, the cheapest thing to serve). The JSON has
 * the read function's field names and values.
 */
@ApplicationScoped
public class AltSource {
    @Inject
    MarketDataStore store;
    @Inject
    InstrumentRegistry instruments;
    @Inject
    ObjectMapper json;

    record CandleJson(long openTime, String open, String high, String low, String close, String volume,
            boolean closed) {
    }

    record CandlesBody(String exchange, String symbol, String timeframe, List<CandleJson> candles) {
    }

    record TickerBody(String exchange, String symbol, long time, String bid, String ask, String last,
            String volume24h) {
    }

    record OrderBookBody(String exchange, String symbol, long time, long sequence, int depth, List<String[]> bids,
            List<String[]> asks) {
    }

    record TradeJson(String id, long time, String price, String amount, String side) {
    }

    record TradesBody(String exchange, String symbol, List<TradeJson> trades) {
    }

    public Uni<byte[]> candles(CandleQuery q, long now) {
        SeriesRange r = q.range(now);
        Instrument in = q.instrument();
        return id(in).chain(id -> r.to() <= r.from() ? Uni.createFrom().item(List.<Candle>of())
                : store.candles(id, q.timeframe(), List.of(TimeRange.of(r.from(), r.to())), now))
                .map(rows -> {
                    List<Candle> picked = pick(rows, r.limit(), r.latest());
                    List<CandleJson> out = new ArrayList<>(picked.size());
                    for (Candle c : picked) {
                        out.add(new CandleJson(c.openTime(), c.open().toPlainString(), c.high().toPlainString(),
                                c.low().toPlainString(), c.close().toPlainString(), c.volume().toPlainString(),
                                c.closed()));
                    }
                    return encode(new CandlesBody(in.exchange().id(), symbol(in), q.timeframe().label(), out));
                });
    }

    public Uni<byte[]> trades(TradeQuery q, SeriesRange r) {
        Instrument in = q.instrument();
        return id(in).chain(id -> store.trades(id, List.of(TimeRange.of(r.from(), r.to())))).map(rows -> {
            List<Trade> picked = pick(rows, r.limit(), r.latest());
            List<TradeJson> out = new ArrayList<>(picked.size());
            for (Trade t : picked) {
                out.add(new TradeJson(t.id(), t.time(), t.price().toPlainString(), t.amount().toPlainString(),
                        t.side().label()));
            }
            return encode(new TradesBody(in.exchange().id(), symbol(in), out));
        });
    }

    public Uni<byte[]> ticker(Instrument in) {
        return id(in).chain(store::latestTicker).map(found -> {
            var t = found.orElseThrow(() -> new NotFoundException("NO_TICKER", "symbol",
                    "no ticker has been recorded for " + in));
            return encode(new TickerBody(in.exchange().id(), symbol(in), t.time(), t.bid().toPlainString(),
                    t.ask().toPlainString(), t.last().toPlainString(), t.volume24h().toPlainString()));
        });
    }

    public Uni<byte[]> orderBook(Instrument in, int depth) {
        return id(in).chain(store::latestOrderBook).map(found -> {
            OrderBook b = found.orElseThrow(() -> new NotFoundException("NO_ORDERBOOK", "symbol",
                    "no order book has been recorded for " + in)).top(depth);
            return encode(new OrderBookBody(in.exchange().id(), symbol(in), b.time(), b.sequence(), depth,
                    levels(b.bids()), levels(b.asks())));
        });
    }

    private Uni<Integer> id(Instrument in) {
        return Uni.createFrom().completionStage(() -> instruments.require(in));
    }

    private static List<String[]> levels(List<PriceLevel> side) {
        List<String[]> out = new ArrayList<>(side.size());
        for (PriceLevel l : side) {
            out.add(new String[] {l.price().toPlainString(), l.amount().toPlainString()});
        }
        return out;
    }

    private static <T> List<T> pick(List<T> rows, int limit, boolean latest) {
        if (rows.size() <= limit) {
            return rows;
        }
        return latest ? rows.subList(rows.size() - limit, rows.size()) : rows.subList(0, limit);
    }

    private static String symbol(Instrument in) {
        return in.symbol().base() + "/" + in.symbol().quote();
    }

    private byte[] encode(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bench/alt: response does not encode: " + e.getMessage(), e);
        }
    }
}
