package org.marketcache.ingest;

import java.math.BigDecimal;
import java.util.List;

import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.PriceLevel;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.Trade;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes validated records back in the ingest format (decimals as strings, exactly as they came in): the
 * write-back log stores them this way and the flusher parses them with the same {@link RecordParser}, so a record
 * is validated by one code path whether it arrives over HTTP or from the log.
 */
final class RecordJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RecordJson() {
    }

    static String write(Instrument instrument, List<?> records) {
        ArrayNode arr = NODES.arrayNode(records.size());
        for (Object r : records) {
            ObjectNode n = arr.addObject();
            n.put("exchange", instrument.exchange().id());
            n.put("symbol", instrument.symbol().toString());
            if (r instanceof Candle c) {
                n.put("openTime", c.openTime());
                n.put("open", s(c.open())).put("high", s(c.high())).put("low", s(c.low())).put("close", s(c.close()))
                        .put("volume", s(c.volume())).put("closed", c.closed());
            } else if (r instanceof Trade t) {
                n.put("id", t.id()).put("time", t.time()).put("price", s(t.price())).put("amount", s(t.amount()))
                        .put("side", t.side().label());
            } else if (r instanceof Ticker t) {
                n.put("time", t.time()).put("bid", s(t.bid())).put("ask", s(t.ask())).put("last", s(t.last()))
                        .put("volume24h", s(t.volume24h()));
            } else if (r instanceof OrderBook b) {
                n.put("time", b.time()).put("sequence", b.sequence());
                levels(n.putArray("bids"), b.bids());
                levels(n.putArray("asks"), b.asks());
            } else {
                throw new IllegalArgumentException("not a market-data record: " + r);
            }
        }
        try {
            return JSON.writeValueAsString(arr);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write records as JSON", e);
        }
    }

    private static void levels(ArrayNode out, List<PriceLevel> levels) {
        for (PriceLevel l : levels) {
            out.addArray().add(s(l.price())).add(s(l.amount()));
        }
    }

    private static String s(BigDecimal d) {
        return d.toPlainString();
    }
}
