package org.marketcache.runtime.http;

import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;
import org.marketcache.core.bytes.ByteSlices;
import org.marketcache.runtime.read.Answer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * Turns an {@link Answer} into the HTTP response: the pre-encoded JSON bytes as they are (no re-encoding, no
 * copy), with
 * {@code X-Cache} (which tier answered), {@code X-Cache-Stale} when a value was served past expiry because the
 * database failed, and {@code Server-Timing} with the time spent per tier.
 */
public final class CacheResponses {
    private CacheResponses() {
    }

    /**
     * The slices as one Netty buffer that references them (a composite when there are several): nothing is copied
     * here; the transport copies the bytes once into its pooled direct memory as it writes them to the socket.
     */
    public static ByteBuf byteBuf(ByteSlices slices) {
        int n = slices.count();
        if (n == 0) {
            return Unpooled.EMPTY_BUFFER;
        }
        if (n == 1) {
            return Unpooled.wrappedBuffer(slices.array(0), slices.offset(0), slices.length(0));
        }
        CompositeByteBuf composite = Unpooled.compositeBuffer(Math.max(n, 2));
        for (int i = 0; i < n; i++) {
            composite.addComponent(true, Unpooled.wrappedBuffer(slices.array(i), slices.offset(i), slices.length(i)));
        }
        return composite;
    }

    public static RestResponse<Buffer> ok(Answer a) {
        Buffer body = Buffer.buffer(byteBuf(a.slices()));
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
