package org.marketcache.bench.alt;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.cache.CacheKey;
import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;

/**
 * The cached methods of alternative (b), as a Quarkus user writes them: {@code @CacheResult} on a method returning
 * the answer, keyed by the request. A method body runs only on a miss; it marks the call so the caller can say
 * which tier answered. Caches and lifetimes are configured in {@code application.properties}.
 */
@ApplicationScoped
public class QuarkusCacheLoads {

    /** Carries the loader in and the "it was a miss" mark out; not part of the key. */
    public static final class Call {
        final Supplier<Uni<byte[]>> loader;
        volatile long loadNanos = -1;

        Call(Supplier<Uni<byte[]>> loader) {
            this.loader = loader;
        }

        Uni<byte[]> load() {
            long start = System.nanoTime();
            return loader.get().invoke(b -> loadNanos = System.nanoTime() - start);
        }
    }

    @CacheResult(cacheName = "alt-recent")
    public Uni<byte[]> recent(@CacheKey String key, Call call) {
        return call.load();
    }

    @CacheResult(cacheName = "alt-history")
    public Uni<byte[]> history(@CacheKey String key, Call call) {
        return call.load();
    }

    @CacheResult(cacheName = "alt-tickers")
    public Uni<byte[]> tickers(@CacheKey String key, Call call) {
        return call.load();
    }

    @CacheResult(cacheName = "alt-orderbooks")
    public Uni<byte[]> orderBooks(@CacheKey String key, Call call) {
        return call.load();
    }
}
