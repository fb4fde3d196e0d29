package org.marketcache.runtime.http;

import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;
import org.marketcache.runtime.read.Answer;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * Turns an {@link Answer} into the HTTP response: the pre-encoded JSON bytes as they are (no re-encoding), with
 * {@code X-Cache} (which tier answered), {@code X-Cache-Stale} when a value was served past expiry because the
 * database failed, and {@code Server-Timing} with the time spent per tier.
 */
public final class CacheResponses {
    private CacheResponses() {
    }

    public static RestResponse<Buffer> ok(Answer a) {
        // Wrap, not copy: the renderer's buffer becomes the response body as it is.
        Buffer body = Buffer.buffer(Unpooled.wrappedBuffer(a.bytes(), 0, a.length()));
        RestResponse.ResponseBuilder<Buffer> b = RestResponse.ResponseBuilder.<Buffer>ok(body)
                .type(MediaType.APPLICATION_JSON_TYPE).header("X-Cache", a.xCache());
        String timing = a.serverTiming();
        if (!timing.isEmpty()) {
            b.header("Server-Timing", timing);
        }
        if (a.stale()) {
            b.header("X-Cache-Stale", "true");
        }
        return b.build();
    }
}
