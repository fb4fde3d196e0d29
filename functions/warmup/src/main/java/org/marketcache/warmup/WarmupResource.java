package org.marketcache.warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.marketcache.core.tier.CacheKey;
import org.marketcache.core.InvalidInputException;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.cache.KeySchema;
import org.marketcache.marketdata.query.Params;
import org.marketcache.runtime.http.ApiError;
import org.marketcache.runtime.security.TokenCheck;
import org.marketcache.warm.HotKey;
import org.marketcache.warm.HotKeyRanking;
import org.marketcache.warm.HotKeysConfig;
import org.marketcache.warm.Warmer;
import org.marketcache.warm.Warmer.Trigger;
import org.marketcache.warm.WarmupConfig;
import org.marketcache.warm.WarmupRequest;
import org.marketcache.warm.WarmupSummary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The warm-up API. {@code POST /v1/warmup} runs a warm-up and answers its {@link WarmupSummary};
 * {@code GET /v1/warmup/hot-keys} shows the shared hot-key ranking; {@code GET /v1/warmup/last} the last run.
 *
 * <p>Authentication. Every call needs the admin token ({@code Authorization: Bearer ...}), with one exception: the
 * Knative PingSource, which cannot send a token, posts a CloudEvent in binary mode ({@code ce-type:
 * dev.knative.sources.ping}). Such a request without an {@code Authorization} header starts the scheduled warm-up
 * of the hot and critical set and nothing else: its body is not read, so no caller-controlled input reaches the
 * run. That is safe because the Service is cluster-local and a run is idempotent, rate-limited and serialised by
 * its lease; the worst a caller can do is start the run the schedule starts anyway. A request that carries an
 * {@code Authorization} header is always checked, CloudEvent or not.
 */
@Path("/v1/warmup")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "warmup", description = "Puts the hot and critical market data into L2 before it is asked for")
public class WarmupResource {
    private static final Logger LOG = Logger.getLogger(WarmupResource.class);
    /** {@code ce-type} of Knative's PingSource events. */
    public static final String PING_EVENT_TYPE = "dev.knative.sources.ping";
    private static final int MAX_BODY_CHARS = 256 * 1024;

    @Inject
    Warmer warmer;
    @Inject
    TokenCheck tokens;
    @Inject
    WarmupConfig config;
    @Inject
    HotKeysConfig hotConfig;
    @Inject
    HotKeyRanking ranking;
    @Inject
    KeySchema keys;
    @Inject
    ObjectMapper mapper;

    /** One ranking entry as the API shows it. */
    public record RankedKey(String key, String cache, String exchange, String symbol, double score) {
    }

    /** The top of the ranking and how its scores decay. */
    public record Ranking(String halfLife, List<RankedKey> keys) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Run a warm-up",
            description = "Empty body or {\"trigger\":\"schedule\"}: the hot set (top of the ranking, with the latest"
                    + " chunks of each hot candle series) and the critical set. {\"targets\":[{exchange, symbol, type"
                    + " (candles|trades|tickers|orderbooks), timeframe?, from?, to?, limit?}]}: exactly those."
                    + " Admin token required, except for the Knative PingSource's CloudEvent (ce-type"
                    + " dev.knative.sources.ping), which only starts the scheduled warm-up.")
    @APIResponse(responseCode = "200", description = "The run's summary (outcome completed, partial; busy for a"
            + " scheduled trigger that found another run going)",
            content = @Content(schema = @Schema(implementation = WarmupSummary.class)))
    @APIResponse(responseCode = "400", description = "Bad request body", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong token", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "409", description = "Another warm-up holds the lease; nothing was done", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public CompletionStage<RestResponse<Object>> warm(@HeaderParam("Authorization") String authorization,
            @Parameter(description = "CloudEvent type (binary mode)") @HeaderParam("ce-type") String ceType,
            String body) {
        boolean ping = PING_EVENT_TYPE.equals(ceType);
        if (ping && authorization == null) {
            if (body != null && !body.isBlank()) {
                LOG.debugf("PingSource event without a token: its body (%d chars) is ignored", body.length());
            }
            return warmer.run(Trigger.PING, WarmupRequest.HOT).thenApply(RestResponse::ok);
        }
        tokens.requireAdmin(authorization);
        WarmupRequest request = ping ? WarmupRequest.HOT : parse(body);
        Trigger trigger = ping ? Trigger.PING : Trigger.ON_DEMAND;
        return warmer.run(trigger, request).thenApply(s -> {
            if (WarmupSummary.BUSY.equals(s.outcome()) && trigger == Trigger.ON_DEMAND) {
                return RestResponse.ResponseBuilder.<Object>create(Response.Status.CONFLICT)
                        .type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", "5")
                        .entity(new ApiError("WARMUP_RUNNING", "a warm-up is already running, nothing was done: "
                                + String.join("; ", s.problems()) + "; retry when it has finished", null)).build();
            }
            return RestResponse.ok(s);
        });
    }

    private WarmupRequest parse(String body) {
        if (body == null || body.isBlank()) {
            return WarmupRequest.HOT;
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw new InvalidInputException("BODY_TOO_LARGE", null, "the body may hold at most " + MAX_BODY_CHARS
                    + " characters: " + body.length());
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("INVALID_JSON", null, "the body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        return WarmupRequest.parse(node, config.maxTargets());
    }

    @GET
    @Path("/hot-keys")
    @Operation(summary = "The shared hot-key ranking, hottest first, with scores decayed to now")
    @APIResponse(responseCode = "200", description = "Top keys with scores (estimated requests, halved every half-life)",
            content = @Content(schema = @Schema(implementation = Ranking.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong token", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public CompletionStage<Ranking> hotKeys(@HeaderParam("Authorization") String authorization,
            @Parameter(description = "entries, 1 to 1000 (default 50)") @QueryParam("limit") String limit) {
        tokens.requireAdmin(authorization);
        int n = Params.intInRange("limit", limit, 1, 1000, 50);
        return ranking.top(n).thenApply(top -> {
            List<RankedKey> out = new ArrayList<>(top.size());
            for (HotKey h : top) {
                CacheKey k = keys.parse(h.id());
                Instrument i = k == null ? null : instrumentOf(k);
                out.add(new RankedKey(h.id(), k == null ? null : k.cache(), i == null ? null : i.exchange().id(),
                        i == null ? null : i.symbol().toString(), Math.round(h.score() * 1000) / 1000.0));
            }
            return new Ranking(hotConfig.halfLife().toString(), out);
        });
    }

    @GET
    @Path("/last")
    @Operation(summary = "The summary of the last warm-up this pod finished")
    @APIResponse(responseCode = "200", description = "The last summary",
            content = @Content(schema = @Schema(implementation = WarmupSummary.class)))
    @APIResponse(responseCode = "404", description = "No run finished in this pod yet", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public CompletionStage<RestResponse<Object>> last(@HeaderParam("Authorization") String authorization) {
        tokens.requireAdmin(authorization);
        WarmupSummary s = warmer.last();
        if (s == null) {
            return CompletableFuture.completedFuture(RestResponse.ResponseBuilder.<Object>create(
                    Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(
                            "NO_RUN_YET", "no warm-up has finished in this pod since it started", null)).build());
        }
        return CompletableFuture.completedFuture(RestResponse.ok(s));
    }

    private static Instrument instrumentOf(CacheKey k) {
        if (k instanceof org.marketcache.marketdata.cache.SeriesKey s) {
            return s.instrument();
        }
        if (k instanceof org.marketcache.marketdata.cache.SnapshotKey s) {
            return s.instrument();
        }
        return null;
    }
}
