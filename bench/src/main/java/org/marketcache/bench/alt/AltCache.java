package org.marketcache.bench.alt;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * One alternative cache, used the way its users use it: a key-value cache keyed by the request, in front of the
 * same loader (the database through {@code MarketDataStore}, rendered to the response JSON).
 */
public interface AltCache {

    /** The name in the URL: {@code /alt/{name}/v1/...}. */
    String name();

    /** The response bytes for {@code request}, and which tier produced them. */
    Uni<AltAnswer> get(AltRequest request, Supplier<Uni<byte[]>> loader);

    /** Forgets everything this alternative cached, in the process and in Redis, so each run starts cold. */
    Uni<Void> reset();

    /** A response body and the tier that answered: {@code L1}, {@code L2} or {@code L3}. */
    record AltAnswer(byte[] body, String tier, long loadNanos) {
    }
}
