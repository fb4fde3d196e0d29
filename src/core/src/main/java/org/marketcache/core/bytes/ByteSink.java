package org.marketcache.core.bytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array with the few writers the codecs need: big-endian fixed ints, varints, and ASCII text of
 * numbers written digit by digit (no {@code String}, no {@code BigDecimal} on the hot path). Not thread-safe; one
 * per encoding.
 */
public final class ByteSink {
    private static final byte[] LONG_MIN = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
    private byte[] buf;
    private int size;

    public ByteSink(int initialCapacity) {
        this.buf = new byte[Math.max(16, initialCapacity)];
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** The internal array (valid up to {@link #size()}); avoids a copy when the caller owns the sink. */
    public byte[] array() {
        return buf;
    }

    public void reset() {
        size = 0;
    }

    private void ensure(int extra) {
        int need = size + extra;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    public ByteSink write(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    public ByteSink write(byte[] b) {
        return write(b, 0, b.length);
    }

    public ByteSink write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** Writes an ASCII string (keys, labels, JSON punctuation): one byte per char, no escaping. */
    public ByteSink ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    public ByteSink writeInt(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteSink writeLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
        return this;
    }

    /** Unsigned LEB128. */
    public ByteSink varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    /** Signed value as zigzag LEB128: small magnitudes of either sign take few bytes. */
    public ByteSink zigzag(long v) {
        return varint((v << 1) ^ (v >> 63));
    }

    /** Decimal text of a long. */
    public ByteSink decimal(long v) {
        if (v == Long.MIN_VALUE) {
            return write(LONG_MIN);
        }
        ensure(20);
        if (v < 0) {
            buf[size++] = '-';
            v = -v;
        }
        int digits = digits(v);
        int end = size + digits;
        for (int i = end - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        size = end;
        return this;
    }

    /**
     * Plain decimal text of {@code unscaled × 10^-scale} exactly as {@link java.math.BigDecimal#toPlainString()}
     * writes it (scale 0..18): {@code 650001, 1 → 65000.1}, {@code 5, 3 → 0.005}.
     */
    public ByteSink decimal(long unscaled, int scale) {
        if (scale == 0) {
            return decimal(unscaled);
        }
        if (unscaled == Long.MIN_VALUE) {
            return ascii(new java.math.BigDecimal(java.math.BigInteger.valueOf(unscaled), scale).toPlainString());
        }
        ensure(42);
        if (unscaled < 0) {
            buf[size++] = '-';
            unscaled = -unscaled;
        }
        int digits = digits(unscaled);
        if (digits <= scale) {
            buf[size++] = '0';
            buf[size++] = '.';
            for (int i = digits; i < scale; i++) {
                buf[size++] = '0';
            }
            int end = size + digits;
            for (int i = end - 1; i >= size; i--) {
                buf[i] = (byte) ('0' + (unscaled % 10));
                unscaled /= 10;
            }
            size = end;
        } else {
            int end = size + digits + 1;
            int point = end - 1 - scale;
            for (int i = end - 1; i >= size; i--) {
                if (i == point) {
                    buf[i] = '.';
                    continue;
                }
                buf[i] = (byte) ('0' + (unscaled % 10));
                unscaled /= 10;
            }
            size = end;
        }
        return this;
    }

    private static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }
}
