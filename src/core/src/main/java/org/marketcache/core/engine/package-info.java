/**
 * The tiered read path ({@code TieredCache}): one batch of keys through L1, single flight, L2, leases and the source,
 * with stale-if-error; see the design note atop {@code TieredCache}.
 */
package org.marketcache.core.engine;
