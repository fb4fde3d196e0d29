package org.marketcache.invalidate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.InvalidInputException;
import org.marketcache.marketdata.Exchange;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.Timeframe;
import org.marketcache.marketdata.cache.CacheNames;
import org.marketcache.marketdata.cache.DataType;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.marketdata.query.Params;
import org.marketcache.runtime.http.ApiError;
import org.marketcache.runtime.instruments.InstrumentRegistry;
import org.marketcache.store.MarketDataStore;
import org.marketcache.runtime.security.TokenCheck;
import org.marketcache.runtime.write.CacheInvalidator;
import org.marketcache.runtime.write.CacheOutcome;

/**
 * {@code POST /v1/invalidate}, with the admin token. Never {@code KEYS}: exact keys and time ranges become
 * tombstones on computed keys; an instrument's cache is invalidated by bumping its generation (every value written
 * before becomes unreachable and racing fills are refused) and unlinking the keys its index set lists; exchange-wide
 * and global invalidations iterate the known instruments. Every path ends with an event that every pod applies to
 * its L1.
 */
@Path("/v1/invalidate")
@Tag(name = "invalidate", description = "Remove cached entries in every tier and pod")
public class InvalidateResource {
    static final int MAX_KEYS = 1000;
    static final int MAX_RANGE_CHUNKS = 10_000;

    @Inject
    CacheInvalidator invalidator;
    @Inject
    TokenCheck tokens;
    @Inject
    KeySchema keys;
    @Inject
    InstrumentRegistry instruments;
    @Inject
    MarketDataStore store;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Invalidate cached entries",
            description = "One of: {keys:[...]}; {exchange[, symbol[, dataType[, timeframe]]]}; the same with dataType"
                    + " and from/to for a time range; {all:true}. dataType is candles, trades, tickers or orderbooks.")
    @APIResponse(responseCode = "200", description = "Removed", content = @Content(schema = @Schema(implementation = InvalidateResult.class)))
    @APIResponse(responseCode = "400", description = "Bad request", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong token", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public CompletionStage<InvalidateResult> invalidate(@HeaderParam("Authorization") String authorization,
            InvalidateRequest request) {
        tokens.requireAdmin(authorization);
        if (request == null) {
            throw new InvalidInputException("EMPTY_REQUEST", "body", "a JSON body is required: {keys:[..]},"
                    + " {exchange, symbol, ...}, or {all:true}");
        }
        if (request.keys() != null) {
            return exactKeys(request.keys());
        }
        if (Boolean.TRUE.equals(request.all())) {
            return instruments.reload().thenCompose(v -> store.instruments().subscribeAsCompletionStage())
                    .thenCompose(list -> {
                        List<Instrument> all = new ArrayList<>();
                        list.forEach(r -> all.add(r.instrument()));
                        return instrumentsWide("all", all, List.of());
                    });
        }
        if (request.exchange() == null) {
            throw new InvalidInputException("EMPTY_REQUEST", "exchange", "give keys, an exchange (and symbol,"
                    + " dataType, timeframe, from/to), or all:true");
        }
        List<String> caches = caches(request.dataType(), request.timeframe());
        Long from = Params.time("from", request.from());
        Long to = Params.time("to", request.to());
        if (request.symbol() == null) {
            if (from != null || to != null) {
                throw new InvalidInputException("INVALID_RANGE", "symbol", "a time range needs a symbol");
            }
            Exchange exchange = Exchange.of(request.exchange());
            return store.instruments().subscribeAsCompletionStage().thenCompose(list -> {
                List<Instrument> matching = new ArrayList<>();
                list.forEach(r -> {
                    if (r.instrument().exchange().equals(exchange)) {
                        matching.add(r.instrument());
                    }
                });
                return instrumentsWide("exchange " + exchange, matching, caches);
            });
        }
        Instrument instrument = Instrument.of(request.exchange(), request.symbol());
        if (from == null && to == null) {
            return invalidator.invalidateInstrument(instrument, caches).thenApply(o -> result(instrument
                    + (caches.isEmpty() ? "" : " " + caches), o));
        }
        if (caches.size() != 1 || CacheNames.TICKERS.equals(caches.get(0))
                || CacheNames.ORDERBOOKS.equals(caches.get(0))) {
            throw new InvalidInputException("INVALID_RANGE", "dataType", "a time range needs dataType candles (with"
                    + " a timeframe) or trades");
        }
        if (from == null || to == null || from >= to) {
            throw new InvalidInputException("INVALID_RANGE", "from", "a time range needs from before to");
        }
        List<? extends CacheKey> range = invalidator.rangeKeys(instrument, caches.get(0), from, to,
                MAX_RANGE_CHUNKS);
        return invalidator.invalidateKeys(caches.get(0), new ArrayList<>(range)).thenApply(o -> result(instrument
                + " " + caches.get(0) + " [" + from + ", " + to + ")", o));
    }

    private CompletionStage<InvalidateResult> exactKeys(List<String> ids) {
        if (ids.isEmpty() || ids.size() > MAX_KEYS) {
            throw new InvalidInputException("INVALID_KEYS", "keys", "keys must list 1 to " + MAX_KEYS + " keys: "
                    + ids.size());
        }
        Map<String, List<CacheKey>> byCache = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            CacheKey k = keys.parse(ids.get(i));
            if (k == null) {
                String shown = ids.get(i) == null ? "null" : ids.get(i).length() > 80
                        ? ids.get(i).substring(0, 80) + "…" : ids.get(i);
                throw new InvalidInputException("INVALID_KEY", "keys[" + i + "]", "keys[" + i + "] is not a cache"
                        + " key of this deployment (prefix " + keys.prefix() + "): '" + shown + "'");
            }
            byCache.computeIfAbsent(k.cache(), c -> new ArrayList<>()).add(k);
        }
        CompletionStage<CacheOutcome> all = CompletableFuture.completedFuture(CacheOutcome.NONE);
        List<String> events = new ArrayList<>();
        for (Map.Entry<String, List<CacheKey>> e : byCache.entrySet()) {
            all = all.thenCompose(sum -> invalidator.invalidateKeys(e.getKey(), e.getValue()).thenApply(o -> {
                if (o.eventId() != null) {
                    events.add(o.eventId());
                }
                return sum.plus(o);
            }));
        }
        return all.thenApply(o -> new InvalidateResult(ids.size() + " keys", o.l2Removed(), o.l1Dropped(), events,
                0));
    }

    private CompletionStage<InvalidateResult> instrumentsWide(String scope, List<Instrument> list,
            List<String> caches) {
        CompletionStage<CacheOutcome> all = CompletableFuture.completedFuture(CacheOutcome.NONE);
        List<String> events = new ArrayList<>();
        for (Instrument i : list) {
            all = all.thenCompose(sum -> invalidator.invalidateInstrument(i, caches).thenApply(o -> {
                if (o.eventId() != null) {
                    events.add(o.eventId());
                }
                return sum.plus(o);
            }));
        }
        return all.thenApply(o -> new InvalidateResult(scope + " (" + list.size() + " instruments)", o.l2Removed(),
                o.l1Dropped(), events, 0));
    }

    private static InvalidateResult result(String scope, CacheOutcome o) {
        return new InvalidateResult(scope, o.l2Removed(), o.l1Dropped(), o.eventId() == null ? List.of()
                : List.of(o.eventId()), 0);
    }

    /** The caches a dataType/timeframe pair names (empty: all). */
    static List<String> caches(String dataType, String timeframe) {
        if (dataType == null) {
            if (timeframe != null) {
                throw new InvalidInputException("INVALID_FIELD", "timeframe", "timeframe needs dataType candles");
            }
            return List.of();
        }
        DataType type = null;
        for (DataType t : DataType.values()) {
            if (t.label().equals(dataType)) {
                type = t;
            }
        }
        if (type == null) {
            throw new InvalidInputException("INVALID_DATA_TYPE", "dataType", "dataType must be candles, trades,"
                    + " tickers or orderbooks: '" + (dataType.length() > 32 ? dataType.substring(0, 32) : dataType)
                    + "'");
        }
        if (type == DataType.CANDLES) {
            if (timeframe == null) {
                List<String> all = new ArrayList<>();
                for (Timeframe tf : Timeframe.values()) {
                    all.add(CacheNames.candles(tf));
                }
                return all;
            }
            return List.of(CacheNames.candles(Timeframe.parse(timeframe)));
        }
        if (timeframe != null) {
            throw new InvalidInputException("INVALID_FIELD", "timeframe", "timeframe applies to candles only");
        }
        return List.of(type.label());
    }
}
