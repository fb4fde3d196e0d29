package org.marketcache.bench.alt;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/** (a) No cache: every request reads the database. */
@ApplicationScoped
public class L3Direct implements AltCache {

    @Override
    public String name() {
        return "l3";
    }

    @Override
    public Uni<AltAnswer> get(AltRequest request, Supplier<Uni<byte[]>> loader) {
        long start = System.nanoTime();
        return loader.get().map(b -> new AltAnswer(b, "L3", System.nanoTime() - start));
    }

    @Override
    public Uni<Void> reset() {
        return Uni.createFrom().voidItem();
    }
}
