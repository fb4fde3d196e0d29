package org.marketcache.ingest;

import java.util.List;

/**
 * The answer to an accepted batch: how many records, the write mode, whether they are already in the database
 * ({@code durable}: write-through and write-around) or in the write-back log ({@code logged}), and what the cache
 * tiers did ({@code l2Written}: values rewritten, {@code l2Removed}: values invalidated, {@code events}: ids of the
 * invalidation events the other pods apply).
 */
public record IngestResult(int accepted, String mode, boolean durable, boolean logged, long l2Written, long l2Removed,
        List<String> events) {
}
