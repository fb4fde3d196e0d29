package org.marketcache.ingest;

/** One bad record of a batch: its position, the offending field and why. */
public record RecordError(int index, String field, String message) {
}
