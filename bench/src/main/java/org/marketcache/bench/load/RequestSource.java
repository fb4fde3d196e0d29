package org.marketcache.bench.load;

import java.util.SplittableRandom;

/** Where a load run's requests come from: a {@link Workload} mix, or one fixed request. */
public interface RequestSource {

    Workload.Request next(SplittableRandom random, long nowMillis);

    /** Always the same request (ceilings, single-key latency). */
    static RequestSource fixed(String endpoint, String path) {
        Workload.Request r = new Workload.Request(endpoint, path);
        return (random, now) -> r;
    }
}
