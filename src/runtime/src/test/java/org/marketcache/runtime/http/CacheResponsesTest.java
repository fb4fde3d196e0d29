package org.marketcache.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.marketcache.core.bytes.ByteSlices;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

class CacheResponsesTest {

    @Test
    void theBufferHoldsTheSlicesInOrderWithoutCopyingThem() {
        byte[] chunk = "xx{\"a\":1},{\"a\":2}yy".getBytes(StandardCharsets.US_ASCII);
        ByteSlices body = new ByteSlices(4).add("[".getBytes(StandardCharsets.US_ASCII)).add(chunk, 2, 15).comma()
                .add(chunk, 2, 7).add("]".getBytes(StandardCharsets.US_ASCII));

        ByteBuf buf = CacheResponses.byteBuf(body);

        assertThat(buf.toString(StandardCharsets.US_ASCII)).isEqualTo("[{\"a\":1},{\"a\":2},{\"a\":1}]");
        assertThat(buf.readableBytes()).isEqualTo(body.length());
        chunk[4] = 'b'; // only to show the buffer references the array: nobody writes a cached array in the product
        assertThat(buf.toString(StandardCharsets.US_ASCII)).isEqualTo("[{\"b\":1},{\"a\":2},{\"b\":1}]");
    }

    @Test
    void oneSliceIsAPlainWrapAndNoneIsEmpty() {
        byte[] b = "{\"ok\":true}".getBytes(StandardCharsets.US_ASCII);
        assertThat(ByteBufUtil.getBytes(CacheResponses.byteBuf(ByteSlices.of(b, 5))))
                .containsExactly("{\"ok\"".getBytes(StandardCharsets.US_ASCII));
        assertThat(CacheResponses.byteBuf(new ByteSlices(1)).readableBytes()).isZero();
    }
}
