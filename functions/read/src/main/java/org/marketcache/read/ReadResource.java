package org.marketcache.read;

import java.util.concurrent.CompletionStage;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.query.CandleQuery;
import org.marketcache.marketdata.query.Params;
import org.marketcache.marketdata.query.TradeQuery;
import org.marketcache.runtime.config.MarketCacheConfig;
import org.marketcache.runtime.http.ApiError;
import org.marketcache.runtime.http.CacheResponses;
import org.marketcache.runtime.read.MarketDataReader;

import io.vertx.core.buffer.Buffer;

/**
 * The read function's HTTP surface. Parameters arrive as strings and are validated here by the domain parsers, so
 * a malformed value is a 400 naming the parameter (JAX-RS would turn a failed conversion into a 404). Bodies are
 * the pre-encoded bytes the cache holds; every answer says which tier produced it.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "read", description = "Market data through L1 (pod), L2 (Redis) and L3 (database)")
public class ReadResource {
    @Inject
    MarketDataReader reader;
    @Inject
    MarketCacheConfig config;

    @GET
    @Path("/candles/{exchange}/{symbol}")
    @Operation(summary = "Candles (OHLCV) of one instrument",
            description = "Without from: the latest `limit` candles before `to` (default: up to the live candle)."
                    + " With from: the first `limit` candles from there. Times are epoch milliseconds or ISO-8601."
                    + " Prices and amounts are exact decimal strings.")
    @APIResponse(responseCode = "200", description = "Candles ascending by open time",
            content = @Content(schema = @Schema(implementation = ApiDocs.Candles.class)),
            headers = {@Header(name = "X-Cache", description = "L1, L2, L3, MIXED or NONE"),
                @Header(name = "Server-Timing", description = "time spent per tier"),
                @Header(name = "X-Cache-Stale", description = "true when served past expiry because the database failed")})
    @APIResponse(responseCode = "400", description = "Bad parameter", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "Unknown exchange or symbol", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "503", description = "Database unavailable and nothing cached", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public CompletionStage<RestResponse<Buffer>> candles(
            @Parameter(example = "binance") @PathParam("exchange") String exchange,
            @Parameter(description = "BASE-QUOTE", example = "BTC-USDT") @PathParam("symbol") String symbol,
            @Parameter(description = "1m, 5m, 15m, 1h, 4h or 1d", example = "1m") @QueryParam("timeframe") String timeframe,
            @Parameter(description = "inclusive start") @QueryParam("from") String from,
            @Parameter(description = "exclusive end") @QueryParam("to") String to,
            @Parameter(description = "number of candles") @QueryParam("limit") String limit) {
        CandleQuery q = CandleQuery.parse(exchange, symbol, timeframe, from, to, limit,
                config.candles().defaultLimit(), config.candles().maxLimit());
        return reader.candles(q).thenApply(CacheResponses::ok);
    }

    @GET
    @Path("/tickers/{exchange}/{symbol}")
    @Operation(summary = "Latest ticker of one instrument")
    @APIResponse(responseCode = "200", description = "The latest ticker",
            content = @Content(schema = @Schema(implementation = ApiDocs.TickerDoc.class)))
    @APIResponse(responseCode = "404", description = "Unknown instrument or no ticker", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public CompletionStage<RestResponse<Buffer>> ticker(@PathParam("exchange") String exchange,
            @PathParam("symbol") String symbol) {
        return reader.ticker(Instrument.of(exchange, symbol)).thenApply(CacheResponses::ok);
    }

    @GET
    @Path("/orderbooks/{exchange}/{symbol}")
    @Operation(summary = "Latest order book of one instrument, to a depth")
    @APIResponse(responseCode = "200", description = "Best `depth` levels per side; levels are [price, amount]",
            content = @Content(schema = @Schema(implementation = ApiDocs.OrderBookDoc.class)))
    @APIResponse(responseCode = "404", description = "Unknown instrument or no order book", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public CompletionStage<RestResponse<Buffer>> orderBook(@PathParam("exchange") String exchange,
            @PathParam("symbol") String symbol, @QueryParam("depth") String depth) {
        Instrument instrument = Instrument.of(exchange, symbol);
        int d = Params.intInRange("depth", depth, 1, config.orderBooks().maxDepth(), config.orderBooks().defaultDepth());
        return reader.orderBook(instrument, d).thenApply(CacheResponses::ok);
    }

    @GET
    @Path("/trades/{exchange}/{symbol}")
    @Operation(summary = "Trades of one instrument",
            description = "Without from: the latest `limit` trades before `to` (default now). With from: the first"
                    + " `limit` trades from there; from..to may span at most marketcache.trades.max-range.")
    @APIResponse(responseCode = "200", description = "Trades ascending by time",
            content = @Content(schema = @Schema(implementation = ApiDocs.Trades.class)))
    @APIResponse(responseCode = "400", description = "Bad parameter", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @APIResponse(responseCode = "404", description = "Unknown instrument", content = @Content(schema = @Schema(implementation = ApiError.class)))
    public CompletionStage<RestResponse<Buffer>> trades(@PathParam("exchange") String exchange,
            @PathParam("symbol") String symbol, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") String limit) {
        TradeQuery q = TradeQuery.parse(exchange, symbol, from, to, limit, config.trades().defaultLimit(),
                config.trades().maxLimit(), config.trades().maxRange());
        return reader.trades(q).thenApply(CacheResponses::ok);
    }
}
