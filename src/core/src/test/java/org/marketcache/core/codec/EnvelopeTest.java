package org.marketcache.core.codec;

import org.marketcache.core.bytes.ByteSink;
import org.marketcache.core.testing.RandomValues;
import org.marketcache.core.tier.CacheEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EnvelopeTest {
    /** A codec of plain strings, enough to exercise the framing. */
    static final ValueCodec<String> TEXT = new ValueCodec<>() {
        @Override
        public byte typeId() {
            return 42;
        }

        @Override
        public void encode(String value, ByteSink out) {
            out.write(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String decode(ByteBuffer payload) {
            byte[] b = new byte[payload.remaining()];
            payload.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }
    };

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void roundTripsWithAndWithoutCompression(long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        int len = r.nextInt(400);
        for (int i = 0; i < len; i++) {
            sb.append(r.nextInt(4) == 0 ? (char) (r.nextInt(0x2FFF) + 1) : (char) ('0' + r.nextInt(10)));
        }
        String text = sb.toString();
        int threshold = r.nextInt(66) - 1;
        long version = RandomValues.anyLong(r);
        long generation = RandomValues.anyLong(r);
        CacheEntry<String> e = new CacheEntry<>(text, 1L, 2L, 3L, version);
        byte[] bytes = Envelope.encode(e, generation, TEXT, threshold);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        Envelope.Header h = Envelope.readHeader(buf);
        assertThat(h.generation()).isEqualTo(generation);
        assertThat(h.version()).isEqualTo(version);
        assertThat(Envelope.readValue(h, buf, TEXT)).isEqualTo(e);
        assertThat(Arrays.copyOfRange(bytes, Envelope.VERSION_OFFSET, Envelope.VERSION_OFFSET + 8))
                .isEqualTo(Envelope.versionBytes(version));
    }

    @Test
    void repetitiveValuesAreCompressed() {
        String text = "65000.10,".repeat(200);
        byte[] packed = Envelope.encode(new CacheEntry<>(text, 0, 0, 0, 0), 0, TEXT, 512);
        assertThat(packed.length).isLessThan(text.length() / 4);
        assertThat(Envelope.decode(ByteBuffer.wrap(packed), TEXT).value()).isEqualTo(text);
    }

    @Test
    void foreignOrDamagedValuesAreCorrupt() {
        byte[] good = Envelope.encode(new CacheEntry<>("x".repeat(100), 0, 0, 0, 0), 0, TEXT, 10);
        assertThrows(CorruptValueException.class, () -> Envelope.decode(ByteBuffer.wrap("hello".getBytes()), TEXT));
        byte[] otherFormat = good.clone();
        otherFormat[1] = 9;
        assertThat(assertThrows(CorruptValueException.class,
                () -> Envelope.decode(ByteBuffer.wrap(otherFormat), TEXT)).getMessage()).contains("format 9");
        byte[] otherType = good.clone();
        otherType[2] = 7;
        assertThrows(CorruptValueException.class, () -> Envelope.decode(ByteBuffer.wrap(otherType), TEXT));
        byte[] truncated = Arrays.copyOf(good, good.length - 3);
        assertThrows(CorruptValueException.class, () -> Envelope.decode(ByteBuffer.wrap(truncated), TEXT));
        byte[] garbage = good.clone();
        for (int i = Envelope.HEADER_BYTES; i < garbage.length; i++) {
            garbage[i] = (byte) 0xFF;
        }
        assertThrows(CorruptValueException.class, () -> Envelope.decode(ByteBuffer.wrap(garbage), TEXT));
    }

    @Test
    void tombstonesCarryVersionAndGeneration() {
        Envelope.Header h = Envelope.readHeader(ByteBuffer.wrap(Envelope.tombstone(7, 3, 100)));
        assertThat(h.tombstone()).isTrue();
        assertThat(h.version()).isEqualTo(7);
        assertThat(h.generation()).isEqualTo(3);
    }
}
