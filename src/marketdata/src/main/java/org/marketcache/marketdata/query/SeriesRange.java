package org.marketcache.marketdata.query;

/**
 * The window a series request resolves to: elements with times in {@code [from, to)}, at most {@code limit}, the
 * first ones or, when {@code latest}, the last ones.
 */
public record SeriesRange(long from, long to, int limit, boolean latest) {
}
