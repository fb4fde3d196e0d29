package org.marketcache.ingest;

import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.marketcache.core.InvalidInputException;
import org.marketcache.marketdata.cache.DataType;
import org.marketcache.runtime.config.MarketCacheConfig;
import org.marketcache.runtime.http.ApiError;
import org.marketcache.runtime.security.TokenCheck;

import io.smallrye.common.annotation.Blocking;

/**
 * {@code POST /v1/ingest/{candles|trades|tickers|orderbooks}}: a JSON array of records, or NDJSON with
 * {@code Content-Type: application/x-ndjson}. Authenticated with the ingest token. Parsing runs on a worker thread
 * (a large batch must not hold an event loop); the writes themselves are asynchronous.
 */
@Path("/v1/ingest")
@Tag(name = "ingest", description = "Market data in; write mode per data type")
public class IngestResource {
    @Inject
    IngestService service;
    @Inject
    TokenCheck tokens;
    @Inject
    MarketCacheConfig config;

    @POST
    @Path("/{type}")
    @Consumes({MediaType.APPLICATION_JSON, "application/x-ndjson"})
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Ingest a batch of records",
            description = "Candles: {exchange, symbol, openTime, open, high, low, close, volume, closed} (1m only)."
                    + " Trades: {exchange, symbol, id, time, price, amount, side}. Tickers: {exchange, symbol, time,"
                    + " bid, ask, last, volume24h}. Order books: {exchange, symbol, time, sequence, bids, asks} with"
                    + " levels [price, amount]. Decimals as strings (exact) or numbers; times as epoch ms or ISO-8601."
                    + " A batch with any bad record is rejected whole. Re-sending a batch changes nothing.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "200", description = "Written (write-through / write-around): durable",
            content = @Content(schema = @Schema(implementation = IngestResult.class)))
    @APIResponse(responseCode = "202", description = "Logged (write-back): in the write-back log and in L2",
            content = @Content(schema = @Schema(implementation = IngestResult.class)))
    @APIResponse(responseCode = "400", description = "Bad batch; every bad record listed")
    @APIResponse(responseCode = "401", description = "Missing or wrong token", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "413", description = "Body too large", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable or write-back log full; retry", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public CompletionStage<RestResponse<IngestResult>> ingest(@PathParam("type") String type,
            @HeaderParam("Authorization") String authorization, @HeaderParam("Content-Type") String contentType,
            byte[] body) {
        tokens.requireIngest(authorization);
        DataType dataType = RecordParser.type(type);
        int max = config.ingest().maxBodyBytes();
        if (body != null && body.length > max) {
            throw new TooLarge("the body is " + body.length + " bytes; at most " + max
                    + " (marketcache.ingest.max-body-bytes): split the batch");
        }
        boolean ndjson = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT)
                .startsWith("application/x-ndjson");
        Batch<?> batch = new RecordParser(config.ingest().maxRecords()).parse(dataType, body == null ? new byte[0]
                : body, ndjson);
        return service.ingest(batch).thenApply(r -> RestResponse.ResponseBuilder.<IngestResult>create(
                r.logged() ? Response.Status.ACCEPTED : Response.Status.OK).entity(r)
                .type(MediaType.APPLICATION_JSON_TYPE).build());
    }

    /** A body over the configured limit: 413. */
    public static final class TooLarge extends InvalidInputException {
        public TooLarge(String message) {
            super("PAYLOAD_TOO_LARGE", "body", message);
        }
    }
}
