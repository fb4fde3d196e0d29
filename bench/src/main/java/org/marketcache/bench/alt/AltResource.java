package org.marketcache.bench.alt;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;
import org.marketcache.core.NotFoundException;
import org.marketcache.core.TimeSource;
import org.marketcache.marketdata.Instrument;
import org.marketcache.marketdata.query.CandleQuery;
import org.marketcache.marketdata.query.Params;
import org.marketcache.marketdata.query.SeriesRange;
import org.marketcache.marketdata.query.TradeQuery;
import org.marketcache.runtime.config.MarketCacheConfig;

import io.netty.buffer.Unpooled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * The alternatives behind the read function's URL shape: {@code /alt/{impl}/v1/candles/{exchange}/{symbol}} and so
 * on, where {@code impl} is {@code l3}, {@code caffeine}, {@code redis}, {@code redisson} or {@code jetcache}.
 * Requests are parsed and validated by the same domain parsers as the read function's; the answer says which tier
 * produced it in {@code X-Cache}, and {@code Server-Timing} carries the database time when there was one.
 */
@Path("/alt/{impl}")
@Produces(MediaType.APPLICATION_JSON)
public class AltResource {
    @Inject
    Instance<AltCache> all;
    @Inject
    AltSource source;
    @Inject
    MarketCacheConfig config;
    @Inject
    TimeSource time;

    private volatile Map<String, AltCache> byName;

    private AltCache impl(String name) {
        Map<String, AltCache> m = byName;
        if (m == null) {
            m = new HashMap<>();
            for (AltCache c : all) {
                m.put(c.name(), c);
            }
            byName = m;
        }
        AltCache c = m.get(name);
        if (c == null) {
            throw new NotFoundException("UNKNOWN_IMPL", "impl", "no alternative named '" + name + "'; known: "
                    + m.keySet());
        }
        return c;
    }

    @GET
    @Path("/v1/candles/{exchange}/{symbol}")
    public Uni<RestResponse<Buffer>> candles(@PathParam("impl") String impl, @PathParam("exchange") String exchange,
            @PathParam("symbol") String symbol, @QueryParam("timeframe") String timeframe,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("limit") String limit) {
        CandleQuery q = CandleQuery.parse(exchange, symbol, timeframe, from, to, limit,
                config.candles().defaultLimit(), config.candles().maxLimit());
        long now = time.currentTimeMillis();
        String key = "candles|" + q.instrument().keyGroup() + "|" + q.timeframe().label() + "|" + q.from() + "|"
                + q.to() + "|" + q.limit();
        AltRequest r = q.from() == null && q.to() == null ? AltRequest.recent(key, now) : AltRequest.history(key);
        return answer(impl(impl), r, () -> source.candles(q, now));
    }

    @GET
    @Path("/v1/trades/{exchange}/{symbol}")
    public Uni<RestResponse<Buffer>> trades(@PathParam("impl") String impl, @PathParam("exchange") String exchange,
            @PathParam("symbol") String symbol, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") String limit) {
        MarketCacheConfig.Trades cfg = config.trades();
        TradeQuery q = TradeQuery.parse(exchange, symbol, from, to, limit, cfg.defaultLimit(), cfg.maxLimit(),
                cfg.maxRange());
        long now = time.currentTimeMillis();
        SeriesRange range = q.range(now, cfg.maxRange(), cfg.latestLookback());
        String key = "trades|" + q.instrument().keyGroup() + "|" + q.from() + "|" + q.to() + "|" + q.limit();
        AltRequest r = q.from() == null && q.to() == null ? AltRequest.recent(key, now) : AltRequest.history(key);
        return answer(impl(impl), r, () -> source.trades(q, range));
    }

    @GET
    @Path("/v1/tickers/{exchange}/{symbol}")
    public Uni<RestResponse<Buffer>> ticker(@PathParam("impl") String impl, @PathParam("exchange") String exchange,
            @PathParam("symbol") String symbol) {
        Instrument in = Instrument.of(exchange, symbol);
        AltRequest r = AltRequest.ticker("tickers|" + in.keyGroup(), time.currentTimeMillis());
        return answer(impl(impl), r, () -> source.ticker(in));
    }

    @GET
    @Path("/v1/orderbooks/{exchange}/{symbol}")
    public Uni<RestResponse<Buffer>> orderBook(@PathParam("impl") String impl,
            @PathParam("exchange") String exchange, @PathParam("symbol") String symbol,
            @QueryParam("depth") String depth) {
        Instrument in = Instrument.of(exchange, symbol);
        int d = Params.intInRange("depth", depth, 1, config.orderBooks().maxDepth(),
                config.orderBooks().defaultDepth());
        AltRequest r = AltRequest.orderBook("orderbooks|" + in.keyGroup() + "|" + d, time.currentTimeMillis());
        return answer(impl(impl), r, () -> source.orderBook(in, d));
    }

    /** Empties the alternative's caches (in process and in Redis) so that its run starts cold. */
    @POST
    @Path("/reset")
    public Uni<RestResponse<String>> reset(@PathParam("impl") String impl) {
        return impl(impl).reset().map(v -> RestResponse.ok("{\"reset\":\"" + impl + "\"}"));
    }

    private static Uni<RestResponse<Buffer>> answer(AltCache cache, AltRequest r, Supplier<Uni<byte[]>> loader) {
        return cache.get(r, loader).map(a -> {
            RestResponse.ResponseBuilder<Buffer> b = RestResponse.ResponseBuilder
                    .<Buffer>ok(Buffer.buffer(Unpooled.wrappedBuffer(a.body())))
                    .type(MediaType.APPLICATION_JSON_TYPE).header("X-Cache", a.tier());
            if (a.loadNanos() > 0) {
                b.header("Server-Timing", "l3;dur=" + (a.loadNanos() / 1000) / 1000.0);
            }
            return b.build();
        });
    }
}
