package org.marketcache.core.bytes;

import org.marketcache.core.testing.RandomValues;
import org.marketcache.core.codec.CorruptValueException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Randomised: each seed is one case, so a failure names the seed that reproduces it. */
class ByteSinkTest {

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void decimalTextEqualsBigDecimalPlainString(long seed) {
        Random r = new Random(seed);
        long unscaled = RandomValues.anyLong(r);
        int scale = r.nextInt(19);
        String expected = new BigDecimal(BigInteger.valueOf(unscaled), scale).toPlainString();
        String written = new String(new ByteSink(4).decimal(unscaled, scale).toByteArray(), StandardCharsets.US_ASCII);
        assertThat(written).as("unscaled %d scale %d", unscaled, scale).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void longTextEqualsLongToString(long seed) {
        long v = RandomValues.anyLong(new Random(seed));
        assertThat(new String(new ByteSink(1).decimal(v).toByteArray(), StandardCharsets.US_ASCII))
                .isEqualTo(Long.toString(v));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void varintsRoundTrip(long seed) {
        Random r = new Random(seed);
        long a = RandomValues.anyLong(r);
        long b = RandomValues.anyLong(r);
        int c = r.nextInt();
        byte[] bytes = new ByteSink(2).zigzag(a).varint(b).writeLong(a).writeInt(c).toByteArray();
        ByteSource in = new ByteSource(ByteBuffer.wrap(bytes));
        assertThat(in.zigzag()).isEqualTo(a);
        assertThat(in.varint()).isEqualTo(b);
        assertThat(in.readLong()).isEqualTo(a);
        assertThat(in.readInt()).isEqualTo(c);
        assertThat(in.remaining()).isZero();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void truncatedInputIsCorruptNotAnIndexError(long seed) {
        long v = RandomValues.anyLong(new Random(seed));
        byte[] bytes = new ByteSink(2).varint(v | Long.MIN_VALUE).toByteArray();
        ByteSource in = new ByteSource(ByteBuffer.wrap(bytes, 0, bytes.length - 1));
        assertThrows(CorruptValueException.class, in::varint);
    }
}
