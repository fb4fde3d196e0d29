package org.marketcache.runtime.read;

import java.util.List;

import org.marketcache.core.tier.CacheKey;

/**
 * Where the read path reports which keys it was asked for, so that warm-up can follow real traffic. Called once
 * per request on every path, including the L1 hit that is answered in microseconds: an implementation must cost
 * next to nothing for a request it does not sample, must not block, and must never touch the network.
 */
public interface HotKeySampler {
    /** Records nothing (a function that does not serve reads, or sampling turned off). */
    HotKeySampler NONE = new HotKeySampler() {
        @Override
        public void record(CacheKey key) {
        }

        @Override
        public void record(List<? extends CacheKey> keys) {
        }
    };

    /** One request asked for {@code key}. */
    void record(CacheKey key);

    /** One request asked for all of {@code keys} (the chunks of a range). */
    void record(List<? extends CacheKey> keys);
}
