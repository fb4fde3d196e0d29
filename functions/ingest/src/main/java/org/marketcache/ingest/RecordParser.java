package org.marketcache.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.marketcache.core.InvalidInputException;
import org.marketcache.marketdata.Candle;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.OrderBook;
import org.marketcache.marketdata.PriceLevel;
import org.marketcache.marketdata.Side;
import org.marketcache.marketdata.Ticker;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.Trade;
import org.marketcache.marketdata.cache.DataType;
import org.marketcache.marketdata.query.Params;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Parses and validates an ingest body: a JSON array of records, or NDJSON (one record per line). Every record is
 * checked against the domain rules; if any fails, the whole batch is rejected with every error listed by index,
 * so nothing of a bad batch is ever written.
 *
 * <p>Strict on purpose: unknown fields are errors (a misspelt {@code opentime} must not silently become a missing
 * one), decimals are read exactly (never through {@code double}) from a JSON string or number, and times are epoch
 * milliseconds or ISO-8601.
 */
public final class RecordParser {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Set<String> CANDLE = Set.of("exchange", "symbol", "timeframe", "openTime", "open", "high",
            "low", "close", "volume", "closed");
    private static final Set<String> TRADE = Set.of("exchange", "symbol", "id", "time", "price", "amount", "side");
    private static final Set<String> TICKER = Set.of("exchange", "symbol", "time", "bid", "ask", "last", "volume24h");
    private static final Set<String> BOOK = Set.of("exchange", "symbol", "time", "sequence", "bids", "asks");

    private final int maxRecords;

    public RecordParser(int maxRecords) {
        this.maxRecords = maxRecords;
    }

    public static DataType type(String raw) {
        for (DataType t : DataType.values()) {
            if (t.label().equals(raw)) {
                return t;
            }
        }
        throw new org.marketcache.core.NotFoundException("UNKNOWN_DATA_TYPE", "type", "no ingest endpoint for '"
                + (raw == null ? "" : raw.length() > 32 ? raw.substring(0, 32) : raw)
                + "'; the data types are candles, trades, tickers, orderbooks");
    }

    /** Parses {@code body} ({@code ndjson}: one JSON object per line; else a JSON array). */
    public Batch<?> parse(DataType type, byte[] body, boolean ndjson) {
        List<JsonNode> nodes = ndjson ? lines(body) : array(body);
        if (nodes.isEmpty()) {
            throw new InvalidInputException("EMPTY_BATCH", "records", "the batch holds no records");
        }
        if (nodes.size() > maxRecords) {
            throw new InvalidInputException("BATCH_TOO_LARGE", "records", "the batch holds " + nodes.size()
                    + " records; at most " + maxRecords + " per request (marketcache.ingest.max-records)");
        }
        Map<Instrument, List<Object>> byInstrument = new LinkedHashMap<>();
        List<RecordError> errors = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode n = nodes.get(i);
            try {
                if (n == null || !n.isObject()) {
                    throw new InvalidInputException("INVALID_FIELD", "record", "a record must be a JSON object");
                }
                Instrument instrument = Instrument.of(text(n, "exchange"), text(n, "symbol"));
                Object record = switch (type) {
                    case CANDLES -> candle(n);
                    case TRADES -> trade(n);
                    case TICKERS -> ticker(n);
                    case ORDERBOOKS -> book(n);
                };
                byInstrument.computeIfAbsent(instrument, k -> new ArrayList<>()).add(record);
            } catch (InvalidInputException e) {
                errors.add(new RecordError(i, e.field(), e.getMessage()));
            } catch (RuntimeException e) {
                errors.add(new RecordError(i, "record", "not a valid " + type.label() + " record: " + e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new BatchRejectedException(nodes.size(), errors);
        }
        return new Batch<>(type, byInstrument, nodes.size());
    }

    private static List<JsonNode> array(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed(e.getOriginalMessage(), e.getLocation() == null ? -1 : e.getLocation().getLineNr());
        } catch (IOException e) {
            throw malformed(e.getMessage(), -1);
        }
        if (root == null || !root.isArray()) {
            throw new InvalidInputException("MALFORMED_BODY", "body", "the body must be a JSON array of records"
                    + " (or NDJSON with Content-Type application/x-ndjson)");
        }
        List<JsonNode> out = new ArrayList<>(root.size());
        root.forEach(out::add);
        return out;
    }

    private static List<JsonNode> lines(byte[] body) {
        List<JsonNode> out = new ArrayList<>();
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                out.add(JSON.readTree(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8))));
            } catch (IOException e) {
                throw malformed("line " + (i + 1) + ": " + (e instanceof JsonProcessingException j
                        ? j.getOriginalMessage() : e.getMessage()), i + 1);
            }
        }
        return out;
    }

    private static InvalidInputException malformed(String why, int line) {
        String where = line > 0 ? " (line " + line + ")" : "";
        String shown = why == null ? "" : why.length() > 200 ? why.substring(0, 200) + "…" : why;
        return new InvalidInputException("MALFORMED_BODY", "body", "the body is not valid JSON" + where + ": "
                + shown);
    }

    private static void onlyKnown(JsonNode n, Set<String> allowed) {
        Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            if (!allowed.contains(f)) {
                throw new InvalidInputException("UNKNOWN_FIELD", f, "unknown field '" + (f.length() > 40
                        ? f.substring(0, 40) + "…" : f) + "'; allowed: " + String.join(", ", new java.util.TreeSet<>(
                                allowed)));
            }
        }
    }

    private static Candle candle(JsonNode n) {
        onlyKnown(n, CANDLE);
        if (n.has("timeframe") && !"1m".equals(n.get("timeframe").asText())) {
            throw new InvalidInputException("INVALID_TIMEFRAME", "timeframe", "only 1m candles are ingested (higher"
                    + " timeframes are rolled up from them): " + n.get("timeframe"));
        }
        JsonNode closed = required(n, "closed");
        if (!closed.isBoolean()) {
            throw new InvalidInputException("INVALID_FIELD", "closed", "closed must be true or false: " + closed);
        }
        return new Candle(time(n, "openTime"), decimal(n, "open"), decimal(n, "high"), decimal(n, "low"),
                decimal(n, "close"), decimal(n, "volume"), closed.booleanValue()).requireAligned(Timeframe.M1);
    }

    private static Trade trade(JsonNode n) {
        onlyKnown(n, TRADE);
        return new Trade(text(n, "id"), time(n, "time"), decimal(n, "price"), decimal(n, "amount"),
                Side.parse("side", text(n, "side")));
    }

    private static Ticker ticker(JsonNode n) {
        onlyKnown(n, TICKER);
        return new Ticker(time(n, "time"), decimal(n, "bid"), decimal(n, "ask"), decimal(n, "last"),
                decimal(n, "volume24h"));
    }

    private static OrderBook book(JsonNode n) {
        onlyKnown(n, BOOK);
        JsonNode seq = required(n, "sequence");
        if (!seq.canConvertToLong() || !seq.isIntegralNumber()) {
            throw new InvalidInputException("INVALID_FIELD", "sequence", "sequence must be a whole number: " + seq);
        }
        return new OrderBook(time(n, "time"), seq.longValue(), levels(n, "bids"), levels(n, "asks"));
    }

    private static List<PriceLevel> levels(JsonNode n, String field) {
        JsonNode arr = required(n, field);
        if (!arr.isArray()) {
            throw new InvalidInputException("INVALID_FIELD", field, field + " must be an array of [price, amount]");
        }
        if (arr.size() > OrderBook.MAX_LEVELS) {
            throw new InvalidInputException("INVALID_FIELD", field, field + " must have at most "
                    + OrderBook.MAX_LEVELS + " levels: " + arr.size());
        }
        List<PriceLevel> out = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            JsonNode level = arr.get(i);
            String where = field + "[" + i + "]";
            if (!level.isArray() || level.size() != 2) {
                throw new InvalidInputException("INVALID_FIELD", where, where + " must be [price, amount]");
            }
            out.add(new PriceLevel(decimal(where + "[0]", level.get(0)), decimal(where + "[1]", level.get(1))));
        }
        return out;
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidInputException("INVALID_FIELD", field, field + " is required");
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = required(n, field);
        if (!v.isTextual()) {
            throw new InvalidInputException("INVALID_FIELD", field, field + " must be a string: " + v);
        }
        return v.textValue();
    }

    private static long time(JsonNode n, String field) {
        JsonNode v = required(n, field);
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return Params.time(field, Long.toString(v.longValue()));
        }
        if (v.isTextual()) {
            return Params.time(field, v.textValue());
        }
        throw new InvalidInputException("INVALID_TIME", field, field + " must be epoch milliseconds or an ISO-8601"
                + " instant: " + v);
    }

    private static BigDecimal decimal(JsonNode n, String field) {
        return decimal(field, required(n, field));
    }

    private static BigDecimal decimal(String field, JsonNode v) {
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            String s = v.textValue().strip();
            if (s.length() <= 48) {
                try {
                    return new BigDecimal(s);
                } catch (NumberFormatException e) {
                    // fall through
                }
            }
        }
        throw new InvalidInputException("INVALID_FIELD", field, field + " must be a decimal number (a JSON string"
                + " such as \"65000.10\", or a number): " + (v.toString().length() > 60
                        ? v.toString().substring(0, 60) + "…" : v));
    }
}
