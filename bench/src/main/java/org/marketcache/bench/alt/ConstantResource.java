package org.marketcache.bench.alt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestResponse;
import org.marketcache.core.bytes.ByteSlices;
import org.marketcache.core.tier.Tier;
import org.marketcache.runtime.http.CacheResponses;
import org.marketcache.runtime.read.Answer;

import io.vertx.core.buffer.Buffer;

/**
 * The HTTP stack's own limit: the read function's candle URL shape and response path ({@link CacheResponses}, the
 * same headers), with the body a constant loaded at start (an L1 answer saved from the read function) instead of a
 * cache lookup. Whatever the cache does, an answer of these bytes cannot be served faster than this.
 */
@Singleton
@jakarta.ws.rs.Path("/const/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ConstantResource {
    @ConfigProperty(name = "bench.constant.file")
    Optional<String> file;

    private byte[] body = "{\"constant\":true}".getBytes();

    @PostConstruct
    void load() {
        if (file.isPresent() && !file.get().isBlank()) {
            try {
                body = Files.readAllBytes(Path.of(file.get()));
            } catch (IOException e) {
                throw new UncheckedIOException("bench.constant.file cannot be read: " + file.get(), e);
            }
        }
    }

    @GET
    @jakarta.ws.rs.Path("/candles/{exchange}/{symbol}")
    public CompletionStage<RestResponse<Buffer>> candles(@PathParam("exchange") String exchange,
            @PathParam("symbol") String symbol, @QueryParam("timeframe") String timeframe,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("limit") String limit) {
        return CompletableFuture.completedFuture(CacheResponses.ok(new Answer(ByteSlices.of(body, body.length), Set.of(Tier.L1), false, 1_000,
                0, 0)));
    }

    /** Size of the constant body (the run script checks it matches the read function's answer). */
    @GET
    @jakarta.ws.rs.Path("/size")
    public String size() {
        return "{\"bytes\":" + body.length + "}";
    }
}
