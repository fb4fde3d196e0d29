package org.marketcache.core.tier;

/**
 * One key's answer: the value, the tier that produced it, and whether it is served stale because the source
 * failed (stale-if-error). Values served during stale-while-revalidate are not marked: they are within their
 * usable life.
 */
public record Hit<V>(V value, Tier tier, boolean stale) {
}
