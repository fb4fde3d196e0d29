package org.marketcache.core.tier;

import org.marketcache.core.MarketCacheException;

/** A tier failed or refused the call (connection lost, circuit open, bulkhead full, timeout). */
public class TierUnavailableException extends MarketCacheException {
    private final Tier tier;

    public TierUnavailableException(Tier tier, String message, Throwable cause) {
        this(tier, tier.name() + "_UNAVAILABLE", message, cause);
    }

    protected TierUnavailableException(Tier tier, String code, String message, Throwable cause) {
        super(code, message, cause);
        this.tier = tier;
    }

    public Tier tier() {
        return tier;
    }
}
