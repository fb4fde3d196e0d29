package org.marketcache.warm;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.marketcache.core.InvalidInputException;
import org.marketcache.marketdata.cache.DataType;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an on-demand warm-up asks for: nothing (warm the hot and critical set), or an explicit list of targets.
 * Parsed from the request's JSON by hand so that every mistake is a 400 naming the field as the caller wrote it
 * ({@code targets[2].timeframe}); values are checked further by the domain parsers when keys are built
 * ({@link WarmupTargets#explicit}).
 *
 * <pre>
 * {"targets": [
 *   {"exchange": "binance", "symbol": "BTC/USDT", "type": "candles", "timeframe": "1h"},
 *   {"exchange": "okx", "symbol": "ETH-USDT", "type": "candles", "timeframe": "1m",
 *    "from": "2026-11-30T00:00:00Z", "to": "2026-11-30T06:00:00Z"},
 *   {"exchange": "binance", "symbol": "BTC/USDT", "type": "tickers"}]}
 * </pre>
 */
public record WarmupRequest(List<Target> targets) {
    private static final Set<String> TOP_FIELDS = Set.of("targets", "trigger");
    private static final Set<String> TARGET_FIELDS = Set.of("exchange", "symbol", "type", "timeframe", "from", "to",
            "limit");

    /** One thing to warm; {@code timeframe}, {@code from}, {@code to} and {@code limit} may be null. */
    public record Target(String exchange, String symbol, DataType type, String timeframe, String from, String to,
            String limit) {
    }

    /** The hot and critical set (no explicit list). */
    public static final WarmupRequest HOT = new WarmupRequest(null);

    public boolean explicit() {
        return targets != null;
    }

    /** Parses a request body; {@code null} or a blank body means {@link #HOT}. */
    public static WarmupRequest parse(JsonNode body, int maxTargets) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return HOT;
        }
        if (!body.isObject()) {
            throw invalid("INVALID_BODY", null, "the body must be a JSON object such as {\"targets\":[...]}, or"
                    + " empty to warm the hot set");
        }
        rejectUnknown(body, TOP_FIELDS, "");
        JsonNode trigger = body.get("trigger");
        if (trigger != null && !(trigger.isTextual() && Set.of("schedule", "hot").contains(trigger.asText()))) {
            throw invalid("INVALID_TRIGGER", "trigger", "trigger must be \"schedule\" or \"hot\": " + trigger);
        }
        JsonNode list = body.get("targets");
        if (list == null || list.isNull()) {
            return HOT;
        }
        if (!list.isArray() || list.isEmpty()) {
            throw invalid("INVALID_TARGETS", "targets", "targets must be a non-empty array of"
                    + " {exchange, symbol, type, timeframe?, from?, to?, limit?}");
        }
        if (list.size() > maxTargets) {
            throw invalid("TOO_MANY_TARGETS", "targets", "targets may hold at most " + maxTargets
                    + " entries (marketcache.warmup.max-targets): " + list.size() + "; split the request");
        }
        List<Target> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String at = "targets[" + i + "]";
            JsonNode t = list.get(i);
            if (!t.isObject()) {
                throw invalid("INVALID_TARGETS", at, at + " must be an object {exchange, symbol, type, ...}");
            }
            rejectUnknown(t, TARGET_FIELDS, at + ".");
            out.add(new Target(required(t, at, "exchange"), required(t, at, "symbol"), type(t, at),
                    optional(t, at, "timeframe"), optional(t, at, "from"), optional(t, at, "to"),
                    optional(t, at, "limit")));
        }
        return new WarmupRequest(List.copyOf(out));
    }

    private static DataType type(JsonNode t, String at) {
        String raw = required(t, at, "type");
        for (DataType d : DataType.values()) {
            if (d.label().equals(raw)) {
                return d;
            }
        }
        throw invalid("INVALID_TYPE", at + ".type", at + ".type must be one of candles, trades, tickers,"
                + " orderbooks: '" + shorten(raw) + "'");
    }

    private static String required(JsonNode t, String at, String field) {
        String v = optional(t, at, field);
        if (v == null) {
            throw invalid("MISSING_FIELD", at + "." + field, at + "." + field + " is required");
        }
        return v;
    }

    private static String optional(JsonNode t, String at, String field) {
        JsonNode v = t.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() && !v.isIntegralNumber()) {
            throw invalid("INVALID_" + field.toUpperCase(java.util.Locale.ROOT), at + "." + field, at + "."
                    + field + " must be a string or a whole number: " + shorten(v.toString()));
        }
        return v.asText();
    }

    private static void rejectUnknown(JsonNode node, Set<String> known, String at) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            String name = it.next().getKey();
            if (!known.contains(name)) {
                throw invalid("UNKNOWN_FIELD", at + name, "unknown field " + at + shorten(name) + "; known: "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    static InvalidInputException invalid(String code, String field, String message) {
        return new InvalidInputException(code, field, message);
    }

    private static String shorten(String s) {
        String shown = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return shown.replaceAll("[\\p{Cntrl}]", "?");
    }
}
