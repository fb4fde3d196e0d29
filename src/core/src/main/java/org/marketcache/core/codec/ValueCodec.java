package org.marketcache.core.codec;

import org.marketcache.core.bytes.ByteSink;
import java.nio.ByteBuffer;

/**
 * Turns one kind of cached value into bytes and back, for L2. The {@link #typeId()} is stored in the envelope, so a
 * value of another kind (or a future layout of this kind, which gets a new id) is recognised and skipped as corrupt
 * instead of being misread. No Java serialisation anywhere.
 */
public interface ValueCodec<V> {

    /** One byte naming the kind and layout of the payload; change it when the layout changes. */
    byte typeId();

    void encode(V value, ByteSink out);

    /** Decodes a payload; throws {@link CorruptValueException} on anything that does not parse. */
    V decode(ByteBuffer payload);
}
