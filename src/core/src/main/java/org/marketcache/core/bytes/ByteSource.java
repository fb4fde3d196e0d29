package org.marketcache.core.bytes;

import org.marketcache.core.codec.CorruptValueException;
import java.nio.ByteBuffer;

/**
 * Reads what {@link ByteSink} wrote, from a {@link ByteBuffer} view so that a value can be decoded straight out of
 * a network buffer without copying. Every read that would run past the end fails with
 * {@link CorruptValueException}.
 */
public final class ByteSource {
    private final ByteBuffer buf;

    public ByteSource(ByteBuffer buf) {
        this.buf = buf;
    }

    public int remaining() {
        return buf.remaining();
    }

    public int readByte() {
        need(1);
        return buf.get() & 0xFF;
    }

    public long readLong() {
        need(8);
        return buf.getLong();
    }

    public int readInt() {
        need(4);
        return buf.getInt();
    }

    public long varint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new CorruptValueException("varint longer than 10 bytes");
    }

    public long zigzag() {
        long v = varint();
        return (v >>> 1) ^ -(v & 1);
    }

    /** Skips {@code n} bytes. */
    public void skip(int n) {
        need(n);
        buf.position(buf.position() + n);
    }

    public int varintInt(String what, int max) {
        long v = varint();
        if (v < 0 || v > max) {
            throw new CorruptValueException(what + " out of range 0.." + max + ": " + v);
        }
        return (int) v;
    }

    private void need(int n) {
        if (buf.remaining() < n) {
            throw new CorruptValueException("value truncated: needed " + n + " more bytes, " + buf.remaining()
                    + " left");
        }
    }
}
