package org.marketcache.ingest;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.marketcache.store.PanacheMarketDataStore;
import org.marketcache.store.testing.CountingStore;

/** Puts a {@link CountingStore} in front of the real store for this module's tests (test sources only). */
@Dependent
class StoreCounting {
    @Produces
    @Singleton
    @Alternative
    @Priority(10)
    CountingStore countingStore(PanacheMarketDataStore real) {
        return new CountingStore(real);
    }
}
