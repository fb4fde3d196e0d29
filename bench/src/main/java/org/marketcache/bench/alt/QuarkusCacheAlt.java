package org.marketcache.bench.alt;

import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.smallrye.mutiny.Uni;

/** (b) Quarkus {@code @CacheResult} on Caffeine, in-process only: each pod caches on its own, nothing shared. */
@ApplicationScoped
public class QuarkusCacheAlt implements AltCache {
    @Inject
    QuarkusCacheLoads loads;
    @Inject
    @CacheName("alt-recent")
    Cache recent;
    @Inject
    @CacheName("alt-history")
    Cache history;
    @Inject
    @CacheName("alt-tickers")
    Cache tickers;
    @Inject
    @CacheName("alt-orderbooks")
    Cache orderBooks;

    @Override
    public String name() {
        return "caffeine";
    }

    @Override
    public Uni<AltAnswer> get(AltRequest request, Supplier<Uni<byte[]>> loader) {
        QuarkusCacheLoads.Call call = new QuarkusCacheLoads.Call(loader);
        Uni<byte[]> body = switch (request.kind()) {
            case "recent" -> loads.recent(request.key(), call);
            case "history" -> loads.history(request.key(), call);
            case "tickers" -> loads.tickers(request.key(), call);
            default -> loads.orderBooks(request.key(), call);
        };
        return body.map(b -> call.loadNanos >= 0 ? new AltAnswer(b, "L3", call.loadNanos) : new AltAnswer(b, "L1", 0));
    }

    @Override
    public Uni<Void> reset() {
        return Uni.join().all(List.of(recent.invalidateAll(), history.invalidateAll(), tickers.invalidateAll(),
                orderBooks.invalidateAll())).andCollectFailures().replaceWithVoid();
    }
}
