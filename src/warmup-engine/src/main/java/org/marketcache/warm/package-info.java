/**
 * Warm-up that follows real traffic: read pods sample the keys they are asked for into a frequent-items sketch and
 * merge their top keys into a shared ranking in Redis; the {@code Warmer} refills L2 (and a starting pod its L1) from
 * that ranking, paced and leased so warm-up never floods the database. Used by the read and warmup functions only.
 */
package org.marketcache.warm;
