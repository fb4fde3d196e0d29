/**
 * The metrics the engine reports (gets by tier and result, latency, loads), behind an interface with a no-op default;
 * the Micrometer binding uses the cache vocabulary ({@code cache.gets{cache,tier,result}}).
 */
package org.marketcache.core.metrics;
