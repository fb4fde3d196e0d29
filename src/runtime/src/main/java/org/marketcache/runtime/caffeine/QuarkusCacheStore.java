package org.marketcache.runtime.caffeine;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;
import org.marketcache.core.tier.LocalStore;

import com.github.benmanes.caffeine.cache.AsyncCache;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CaffeineCache;

/**
 * L1 storage on a Quarkus Cache. Quarkus creates and configures the Caffeine cache from
 * {@code quarkus.cache.caffeine."<name>".*} and lets us resize it at run time; for the hot path we reach the
 * Caffeine {@link AsyncCache} underneath (when this Quarkus version exposes it as expected) so a hit is one map
 * lookup, without the future Quarkus would chain onto it, and so its statistics (evictions) can be published.
 * If the field is not found, everything still works through the public {@link CaffeineCache} API.
 */
public final class QuarkusCacheStore<K, E> implements LocalStore<K, E> {
    private static final Logger LOG = Logger.getLogger(QuarkusCacheStore.class);
    private final CaffeineCache quarkus;
    private final AsyncCache<Object, Object> caffeine;

    public QuarkusCacheStore(Cache cache) {
        this.quarkus = cache.as(CaffeineCache.class);
        this.caffeine = underlying(quarkus);
    }

    @SuppressWarnings("unchecked")
    private static AsyncCache<Object, Object> underlying(CaffeineCache cache) {
        try {
            Field f = cache.getClass().getDeclaredField("cache");
            f.setAccessible(true);
            return (AsyncCache<Object, Object>) f.get(cache);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("L1 cache %s: Caffeine cache underneath Quarkus Cache not reachable (%s); using the public"
                    + " API, without eviction statistics", cache.getName(), e);
            return null;
        }
    }

    /** The Caffeine cache underneath, or {@code null}: for statistics only. */
    public AsyncCache<Object, Object> caffeine() {
        return caffeine;
    }

    public String name() {
        return quarkus.getName();
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(K key) {
        CompletableFuture<Object> f = caffeine != null ? caffeine.getIfPresent(key) : quarkus.getIfPresent(key);
        if (f == null || !f.isDone() || f.isCompletedExceptionally()) {
            return null;
        }
        return (E) f.getNow(null);
    }

    @Override
    public void put(K key, E value) {
        if (caffeine != null) {
            caffeine.put(key, CompletableFuture.completedFuture(value));
        } else {
            quarkus.put(key, CompletableFuture.completedFuture(value));
        }
    }

    @Override
    public void remove(K key) {
        if (caffeine != null) {
            caffeine.synchronous().invalidate(key);
        } else {
            quarkus.invalidate(key).await().indefinitely();
        }
    }

    @Override
    public void remove(K key, E value) {
        if (caffeine != null) {
            caffeine.asMap().computeIfPresent(key, (k, f) -> f.isDone() && f.getNow(null) == value ? null : f);
        } else {
            remove(key);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Collection<K> keys() {
        Collection<K> out = new ArrayList<>();
        for (Object k : caffeine != null ? caffeine.asMap().keySet() : quarkus.keySet()) {
            out.add((K) k);
        }
        return out;
    }

    @Override
    public long estimatedSize() {
        return caffeine != null ? caffeine.synchronous().estimatedSize() : quarkus.keySet().size();
    }

    @Override
    public void clear() {
        if (caffeine != null) {
            caffeine.synchronous().invalidateAll();
        } else {
            quarkus.invalidateAll().await().indefinitely();
        }
    }

    @Override
    public void setMaximumSize(long maximumSize) {
        quarkus.setMaximumSize(maximumSize);
    }
}
