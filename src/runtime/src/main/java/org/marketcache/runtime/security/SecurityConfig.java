package org.marketcache.runtime.security;

import java.util.Optional;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * Tokens for the write and admin endpoints. They come from configuration only (environment variables
 * {@code MARKETCACHE_ADMIN_TOKEN}, {@code MARKETCACHE_INGEST_TOKEN}, normally from a Kubernetes Secret), never from
 * code; a token that is not set disables the endpoints it guards (every call is refused).
 *
 * <p>Unremovable: Quarkus registers only mappings that some bean injects, and the reference file sets these keys
 * in every function; in a function without a guarded endpoint (read) an unregistered mapping would leave
 * {@code marketcache.security.*} unmapped under the {@code marketcache} root and fail start-up.
 */
@Unremovable
@ConfigMapping(prefix = "marketcache.security")
public interface SecurityConfig {
    /** Guards invalidation, warm-up and admin operations. */
    @WithName("admin-token")
    Optional<String> adminToken();

    /** Guards the ingest endpoints. */
    @WithName("ingest-token")
    Optional<String> ingestToken();
}
