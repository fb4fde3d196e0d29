package org.marketcache.core.codec;

import org.marketcache.core.bytes.ByteSink;
import org.marketcache.core.tier.CacheEntry;
import java.nio.ByteBuffer;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The L2 value format: a fixed 48-byte header, then the codec's payload, LZ4-compressed above a threshold.
 *
 * <pre>
 *  0  magic 'M' (0x4D)          1  format version (1)
 *  2  codec type id (0 = tombstone)   3  flags (bit 0: payload is LZ4-compressed)
 *  4  version     (8 bytes, big-endian; compared byte-wise by the fill script)
 * 12  generation  (8) of the key's group when the value was written
 * 20  writtenAt   (8)    28  refreshAt (8)    36  expireAt (8)        (epoch millis)
 * 44  payload length before compression (4)
 * 48  payload
 * </pre>
 *
 * <p>A value whose generation is not its group's current generation was invalidated as part of its group: readers
 * treat it as absent, which makes invalidating every key of an instrument one {@code INCR}. A <em>tombstone</em>
 * (type 0, no payload) is what an exact-key invalidation leaves behind: it is absent to readers, but it has a
 * version, so a reader that saw the key absent <em>before</em> the invalidation cannot fill it afterwards.
 *
 * <p>A value with another magic, an unknown format version or another codec id is reported as
 * {@link CorruptValueException}: an older or newer release's value is skipped and overwritten, never misread.
 */
public final class Envelope {
    public static final byte MAGIC = 0x4D;
    public static final byte FORMAT = 1;
    public static final byte TOMBSTONE = 0;
    public static final int HEADER_BYTES = 48;
    public static final int VERSION_OFFSET = 4;
    private static final int FLAG_LZ4 = 1;
    /** Refuse to inflate past this: a corrupt length must not allocate gigabytes. */
    private static final int MAX_RAW_BYTES = 64 << 20;

    private static final LZ4Factory LZ4 = LZ4Factory.fastestJavaInstance();
    private static final LZ4Compressor COMPRESSOR = LZ4.fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4.safeDecompressor();

    private Envelope() {
    }

    /** The decoded header; {@link #payloadLength()} is the stored (possibly compressed) length. */
    public record Header(byte type, int flags, long version, long generation, long writtenAt, long refreshAt,
            long expireAt, int rawLength, int payloadLength) {
        public boolean tombstone() {
            return type == TOMBSTONE;
        }
    }

    /**
     * Encodes an entry written under {@code generation}. Payloads of at least {@code compressAboveBytes} are
     * LZ4-compressed when that makes them smaller; a negative threshold disables compression.
     */
    public static <V> byte[] encode(CacheEntry<V> entry, long generation, ValueCodec<V> codec,
            int compressAboveBytes) {
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
        header(out, codec.typeId(), flags, entry.version(), generation, entry.writtenAt(), entry.refreshAt(),
                entry.expireAt(), rawLen);
        out.write(body, 0, bodyLen);
        return out.array().length == out.size() ? out.array() : out.toByteArray();
    }

    /** A tombstone with {@code version}, written under {@code generation}. */
    public static byte[] tombstone(long version, long generation, long now) {
        ByteSink out = new ByteSink(HEADER_BYTES);
        header(out, TOMBSTONE, 0, version, generation, now, now, now, 0);
        return out.toByteArray();
    }

    private static void header(ByteSink out, byte type, int flags, long version, long generation, long writtenAt,
            long refreshAt, long expireAt, int rawLen) {
        out.write(MAGIC).write(FORMAT).write(type).write(flags);
        out.writeLong(version).writeLong(generation).writeLong(writtenAt).writeLong(refreshAt).writeLong(expireAt)
                .writeInt(rawLen);
    }

    /** Reads the header; the buffer is left positioned at the payload. */
    public static Header readHeader(ByteBuffer buf) {
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
        long version = buf.getLong();
        long generation = buf.getLong();
        long writtenAt = buf.getLong();
        long refreshAt = buf.getLong();
        long expireAt = buf.getLong();
        int rawLen = buf.getInt();
        if (rawLen < 0 || rawLen > MAX_RAW_BYTES) {
            throw new CorruptValueException("payload length out of range: " + rawLen);
        }
        return new Header(type, flags, version, generation, writtenAt, refreshAt, expireAt, rawLen, buf.remaining());
    }

    /** Decodes the payload that follows {@code header} in {@code buf}. */
    public static <V> CacheEntry<V> readValue(Header header, ByteBuffer buf, ValueCodec<V> codec) {
        if (header.type() != codec.typeId()) {
            throw new CorruptValueException("value of type " + header.type() + " where type " + codec.typeId()
                    + " was expected");
        }
        int rawLen = header.rawLength();
        ByteBuffer payload;
        if ((header.flags() & FLAG_LZ4) != 0) {
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
        return new CacheEntry<>(value, header.writtenAt(), header.refreshAt(), header.expireAt(), header.version());
    }

    /** Header and value in one call (tests and tools). */
    public static <V> CacheEntry<V> decode(ByteBuffer buf, ValueCodec<V> codec) {
        return readValue(readHeader(buf), buf, codec);
    }

    /** The 8 version bytes as stored at {@link #VERSION_OFFSET}: what the fill script compares. */
    public static byte[] versionBytes(long version) {
        return new ByteSink(8).writeLong(version).toByteArray();
    }
}
