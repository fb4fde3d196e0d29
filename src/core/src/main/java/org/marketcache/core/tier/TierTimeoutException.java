package org.marketcache.core.tier;

/**
 * A tier did not answer within its budget. The message starts with the resource and carries elapsed time against
 * budget, e.g. {@code tickers/l2 MGET timed out after 27ms (budget 25ms, endpoint 127.0.0.1:6379)}.
 */
public class TierTimeoutException extends TierUnavailableException {
    public TierTimeoutException(Tier tier, String message) {
        super(tier, tier.name() + "_TIMEOUT", message, null);
    }
}
