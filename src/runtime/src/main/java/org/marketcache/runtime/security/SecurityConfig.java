package org.marketcache.runtime.security;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * Tokens for the write and admin endpoints. They come from configuration only (environment variables
 * {@code MARKETCACHE_ADMIN_TOKEN}, {@code MARKETCACHE_INGEST_TOKEN}, normally from a Kubernetes Secret), never from
 * code; a token that is not set disables the endpoints it guards (every call is refused).
 */
@ConfigMapping(prefix = "marketcache.security")
public interface SecurityConfig {
    /** Guards invalidation, warm-up and admin operations. */
    @WithName("admin-token")
    Optional<String> adminToken();

    /** Guards the ingest endpoints. */
    @WithName("ingest-token")
    Optional<String> ingestToken();
}
