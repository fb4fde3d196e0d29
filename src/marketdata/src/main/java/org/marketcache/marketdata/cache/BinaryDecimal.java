package org.marketcache.marketdata.cache;

import java.math.BigDecimal;

import org.marketcache.core.bytes.ByteSink;
import org.marketcache.core.bytes.ByteSource;
import org.marketcache.core.codec.CorruptValueException;
import org.marketcache.marketdata.Fields;

/**
 * Exact decimals in the binary codecs: one byte of scale, then the unscaled value as a zigzag varint. A price like
 * {@code 65000.10} costs 1 + 4 bytes and comes back with the same value <em>and</em> scale; JSON text is written
 * from the two integers directly, without building a {@link BigDecimal}.
 */
final class BinaryDecimal {
    private BinaryDecimal() {
    }

    static void write(ByteSink out, BigDecimal v) {
        out.write(v.scale());
        out.zigzag(v.unscaledValue().longValueExact());
    }

    static BigDecimal read(ByteSource in) {
        int scale = scale(in);
        return BigDecimal.valueOf(in.zigzag(), scale);
    }

    /** Reads one decimal and writes it as a JSON string ({@code "65000.10"}). */
    static void readAsJsonString(ByteSource in, ByteSink json) {
        int scale = scale(in);
        long unscaled = in.zigzag();
        json.write('"').decimal(unscaled, scale).write('"');
    }

    static void writeJsonString(ByteSink json, BigDecimal v) {
        json.write('"').decimal(v.unscaledValue().longValueExact(), v.scale()).write('"');
    }

    private static int scale(ByteSource in) {
        int scale = in.readByte();
        if (scale > Fields.MAX_SCALE) {
            throw new CorruptValueException("decimal scale out of range: " + scale);
        }
        return scale;
    }
}
