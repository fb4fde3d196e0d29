package org.marketcache.core;

import java.nio.ByteBuffer;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The L2 value format: a fixed 40-byte header, then the codec's payload, LZ4-compressed above a threshold.
 *
 * <pre>
 *  0  magic 'M' (0x4D)          1  format version (1)
 *  2  codec type id             3  flags (bit 0: payload is LZ4-compressed)
 *  4  version        (8 bytes, big-endian; compared byte-wise by the fill script)
 * 12  writtenAt      (8)       20  refreshAt (8)       28  expireAt (8)      (epoch millis)
 * 36  payload length before compression (4)
 * 40  payload
 * </pre>
 *
 * A value with another magic, an unknown format version or another codec id is reported as
 * {@link CorruptValueException}: an older or newer release's value is skipped and overwritten, never misread. The
 * version sits at a fixed offset so that Lua scripts can compare it without decoding anything.
 */
public final class Envelope {
    public static final byte MAGIC = 0x4D;
    public static final byte FORMAT = 1;
    public static final int HEADER_BYTES = 40;
    public static final int VERSION_OFFSET = 4;
    private static final int FLAG_LZ4 = 1;
    /** Refuse to inflate past this: a corrupt length must not allocate gigabytes. */
    private static final int MAX_RAW_BYTES = 64 << 20;

    private static final LZ4Factory LZ4 = LZ4Factory.fastestJavaInstance();
    private static final LZ4Compressor COMPRESSOR = LZ4.fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4.safeDecompressor();

    private Envelope() {
    }

    /**
     * Encodes an entry. Payloads of at least {@code compressAboveBytes} are LZ4-compressed when that makes them
     * smaller; a negative threshold disables compression.
     */
    public static <V> byte[] encode(CacheEntry<V> entry, ValueCodec<V> codec, int compressAboveBytes) {
        ByteSink payload = new ByteSink(256);
        codec.encode(entry.value(), payload);
        int rawLen = payload.size();
        byte[] body = payload.array();
        int bodyLen = rawLen;
        int flags = 0;
        if (compressAboveBytes >= 0 && rawLen >= compressAboveBytes) {
            byte[] packed = new byte[COMPRESSOR.maxCompressedLength(rawLen)];
            int n = COMPRESSOR.compress(body, 0, rawLen, packed, 0, packed.length);
            if (n < rawLen) {
                body = packed;
                bodyLen = n;
                flags |= FLAG_LZ4;
            }
        }
        ByteSink out = new ByteSink(HEADER_BYTES + bodyLen);
        out.write(MAGIC).write(FORMAT).write(codec.typeId()).write(flags);
        out.writeLong(entry.version()).writeLong(entry.writtenAt()).writeLong(entry.refreshAt())
                .writeLong(entry.expireAt()).writeInt(rawLen);
        out.write(body, 0, bodyLen);
        return out.array().length == out.size() ? out.array() : out.toByteArray();
    }

    /** Decodes an entry from a buffer positioned at the magic byte; the buffer's position is consumed. */
    public static <V> CacheEntry<V> decode(ByteBuffer buf, ValueCodec<V> codec) {
        if (buf.remaining() < HEADER_BYTES) {
            throw new CorruptValueException("value shorter than the " + HEADER_BYTES + "-byte header: "
                    + buf.remaining() + " bytes");
        }
        byte magic = buf.get();
        byte format = buf.get();
        byte type = buf.get();
        int flags = buf.get() & 0xFF;
        if (magic != MAGIC) {
            throw new CorruptValueException("not a marketcache value (magic 0x" + Integer.toHexString(magic & 0xFF)
                    + ")");
        }
        if (format != FORMAT) {
            throw new CorruptValueException("unknown envelope format " + format + " (this release reads " + FORMAT
                    + ")");
        }
        if (type != codec.typeId()) {
            throw new CorruptValueException("value of type " + type + " where type " + codec.typeId()
                    + " was expected");
        }
        long version = buf.getLong();
        long writtenAt = buf.getLong();
        long refreshAt = buf.getLong();
        long expireAt = buf.getLong();
        int rawLen = buf.getInt();
        if (rawLen < 0 || rawLen > MAX_RAW_BYTES) {
            throw new CorruptValueException("payload length out of range: " + rawLen);
        }
        ByteBuffer payload;
        if ((flags & FLAG_LZ4) != 0) {
            byte[] raw = new byte[rawLen];
            ByteBuffer dest = ByteBuffer.wrap(raw);
            int n;
            try {
                n = DECOMPRESSOR.decompress(buf, buf.position(), buf.remaining(), dest, 0, rawLen);
            } catch (RuntimeException e) {
                throw new CorruptValueException("LZ4 payload does not decompress: " + e.getMessage(), e);
            }
            if (n != rawLen) {
                throw new CorruptValueException("LZ4 payload inflated to " + n + " bytes, header says " + rawLen);
            }
            buf.position(buf.limit());
            payload = dest;
        } else {
            if (buf.remaining() != rawLen) {
                throw new CorruptValueException("payload is " + buf.remaining() + " bytes, header says " + rawLen);
            }
            payload = buf.slice();
            buf.position(buf.limit());
        }
        V value;
        try {
            value = codec.decode(payload);
        } catch (CorruptValueException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CorruptValueException("payload does not decode: " + e, e);
        }
        return new CacheEntry<>(value, writtenAt, refreshAt, expireAt, version);
    }

    /** The 8 version bytes as stored at {@link #VERSION_OFFSET}: what the fill script compares. */
    public static byte[] versionBytes(long version) {
        return new ByteSink(8).writeLong(version).toByteArray();
    }
}
