package org.marketcache.runtime.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.marketcache.core.MarketCacheException;
import org.marketcache.runtime.config.MarketCacheConfig;

/**
 * Bearer-token authentication for the write and admin endpoints, compared in constant time so the comparison does
 * not leak how much of a guess was right. The token itself never appears in a message or a log.
 */
@ApplicationScoped
public class TokenCheck {
    /** Thrown for a missing or wrong token; answered 401. */
    public static final class Unauthorized extends MarketCacheException {
        public Unauthorized(String message) {
            super("UNAUTHORIZED", message);
        }
    }

    /** Minimum length of a configured token: shorter ones are refused at start-up. */
    public static final int MIN_TOKEN_LENGTH = 16;

    @Inject
    MarketCacheConfig config;

    public void requireAdmin(String authorization) {
        require(config.security().adminToken(), authorization, "MARKETCACHE_ADMIN_TOKEN (marketcache.security.admin-token)");
    }

    public void requireIngest(String authorization) {
        require(config.security().ingestToken(), authorization, "MARKETCACHE_INGEST_TOKEN (marketcache.security.ingest-token)");
    }

    private static void require(Optional<String> expected, String authorization, String setting) {
        if (expected.isEmpty() || expected.get().isBlank()) {
            throw new Unauthorized("this endpoint is disabled: " + setting + " is not set");
        }
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new Unauthorized("missing 'Authorization: Bearer <token>' header");
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        byte[] wanted = expected.get().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, wanted)) {
            throw new Unauthorized("wrong token");
        }
    }
}
