package org.marketcache.core.tier;

import java.util.ArrayList;
import java.util.Collection;

import com.github.benmanes.caffeine.cache.Cache;

/**
 * The map under {@link CaffeineTier}. Two implementations: a plain Caffeine {@link Cache} ({@link #caffeine}), and
 * in the Quarkus runtime a Quarkus Cache ({@code CaffeineCache}) so that L1 sizes and expiry come from
 * {@code quarkus.cache.caffeine.*} and can be changed at run time.
 */
public interface LocalStore<K, E> {

    E get(K key);

    void put(K key, E value);

    void remove(K key);

    /** Removes the mapping only if it is still {@code value}. */
    void remove(K key, E value);

    /** A snapshot of the keys (used only by group invalidation, which is rare). */
    Collection<K> keys();

    long estimatedSize();

    void clear();

    /** Changes the maximum number of entries at run time (configuration hot reload). */
    void setMaximumSize(long maximumSize);

    static <K, E> LocalStore<K, E> caffeine(Cache<K, E> cache) {
        return new LocalStore<>() {
            @Override
            public E get(K key) {
                return cache.getIfPresent(key);
            }

            @Override
            public void put(K key, E value) {
                cache.put(key, value);
            }

            @Override
            public void remove(K key) {
                cache.invalidate(key);
            }

            @Override
            public void remove(K key, E value) {
                cache.asMap().remove(key, value);
            }

            @Override
            public Collection<K> keys() {
                return new ArrayList<>(cache.asMap().keySet());
            }

            @Override
            public long estimatedSize() {
                return cache.estimatedSize();
            }

            @Override
            public void clear() {
                cache.invalidateAll();
            }

            @Override
            public void setMaximumSize(long maximumSize) {
                cache.policy().eviction().ifPresent(e -> e.setMaximum(maximumSize));
            }
        };
    }
}
