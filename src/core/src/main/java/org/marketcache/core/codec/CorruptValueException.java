package org.marketcache.core.codec;

import org.marketcache.core.MarketCacheException;

/**
 * A stored value could not be decoded: written by an unknown format version, truncated, or not ours. Tiers treat
 * such a value as a miss (and count it), so one bad value never fails a read.
 */
public class CorruptValueException extends MarketCacheException {
    public CorruptValueException(String message) {
        super("CORRUPT_VALUE", message);
    }

    public CorruptValueException(String message, Throwable cause) {
        super("CORRUPT_VALUE", message, cause);
    }
}
