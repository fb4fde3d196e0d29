/**
 * What a tier is: {@code CacheTier} (a source of values by key), {@code LocalTier} (the per-pod L1, with
 * {@code CaffeineTier} over a {@code LocalStore}), {@code RemoteTier} (the shared L2, with compare-and-set fills), the
 * entries they hold and the lease {@code LoadCoordinator} that keeps pods from loading the same key at once.
 */
package org.marketcache.core.tier;
