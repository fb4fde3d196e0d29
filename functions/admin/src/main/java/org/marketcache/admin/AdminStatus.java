package org.marketcache.admin;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What {@code GET /v1/admin/status} answers: which function this is, which schema version the database is at, and
 * whether Redis and PostgreSQL answered just now.
 *
 * @param function      the application name, {@code marketcache-admin}
 * @param schemaVersion the version of the last successful migration in Flyway's history table; {@code null} when the
 *                      database was not reachable or was never migrated
 * @param redis         {@code UP} or {@code DOWN}
 * @param database      {@code UP} or {@code DOWN}
 */
@Schema(name = "AdminStatus")
public record AdminStatus(String function,
        @Schema(nullable = true, description = "last successful migration; null if unreachable or never migrated") String schemaVersion,
        @Schema(enumeration = {"UP", "DOWN"}) String redis,
        @Schema(enumeration = {"UP", "DOWN"}) String database) {
    public static final String UP = "UP";
    public static final String DOWN = "DOWN";
}
