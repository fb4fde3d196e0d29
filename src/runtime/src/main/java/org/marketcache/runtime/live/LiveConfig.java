package org.marketcache.runtime.live;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;
import org.marketcache.core.policy.TtlPolicy;
import org.marketcache.marketdata.cache.CacheNames;
import org.marketcache.runtime.config.MarketCacheConfig;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The live settings this pod runs with, read on every use by the parts that can change without a restart (the
 * Redis deadline, compression and tombstone life of L2, the single-flight lease, the negative cache, the ingest
 * write mode). It starts as version 0, the function's own configuration, and is replaced whole by
 * {@link LiveConfigSync} when a newer version is applied: one volatile write, so a reader sees either the old
 * settings or the new ones, never a mix.
 */
@ApplicationScoped
public class LiveConfig {
    /** A version of the document as this pod applied it. */
    public record Applied(long version, LiveSettings settings, ObjectNode document, long appliedAtMillis,
            String updatedAt, String updatedBy) {
    }

    @Inject
    MarketCacheConfig config;
    @Inject
    Config raw;

    private volatile Applied applied;
    private LiveSettings startup;
    private Map<String, Duration> residency;

    @PostConstruct
    void init() {
        Map<String, LiveSettings.CacheSettings> caches = new LinkedHashMap<>();
        Map<String, Duration> resident = new LinkedHashMap<>();
        for (String name : CacheNames.all()) {
            MarketCacheConfig.CachePolicy p = config.caches().get(name);
            if (p == null) {
                throw new IllegalStateException("marketcache.caches.\"" + name + "\" is not configured; the reference"
                        + " file META-INF/microprofile-config.properties of marketcache-runtime sets every cache");
            }
            long max = raw.getOptionalValue("quarkus.cache.caffeine.\"" + name + "\".maximum-size", Long.class)
                    .orElse(10_000L);
            caches.put(name, new LiveSettings.CacheSettings(max, new TtlPolicy.Settings(p.immutableTtl(),
                    p.mutableRefresh(), p.mutableTtl(), p.jitter(), p.l1Ttl(), p.l1Refresh(), p.staleIfError())));
            raw.getOptionalValue("quarkus.cache.caffeine.\"" + name + "\".expire-after-write", Duration.class)
                    .ifPresent(d -> resident.put(name, d));
        }
        MarketCacheConfig.Redis r = config.redis();
        startup = new LiveSettings(caches, config.negativeCache().ttl(), r.timeout(), r.compressAbove(),
                r.tombstoneTtl(), config.singleFlight().leaseTtl(), config.singleFlight().leaseWait(),
                config.singleFlight().pollInterval(), config.ingest().writeMode().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        residency = Map.copyOf(resident);
        applied = new Applied(0, startup, LiveDocument.write(startup), System.currentTimeMillis(), null,
                "start-up configuration");
    }

    /** The settings in force now. */
    public LiveSettings settings() {
        return applied.settings();
    }

    /** The version in force now (0: the function's own configuration). */
    public long version() {
        return applied.version();
    }

    public Applied applied() {
        return applied;
    }

    /** Version 0: the function's own configuration. */
    public LiveSettings startup() {
        return startup;
    }

    /** Per cache, how long an L1 entry can stay at all ({@code expire-after-write}, restart-only). */
    public Map<String, Duration> residency() {
        return residency;
    }

    /** Checks a document against this function's rules (see {@link LiveDocument#read}). */
    public LiveDocument.Reading read(com.fasterxml.jackson.databind.JsonNode document) {
        return LiveDocument.read(document, residency);
    }

    void replace(Applied next) {
        this.applied = next;
    }
}
