/**
 * The cache engine, in plain Java: it knows nothing of Quarkus, Vert.x, Redis, SQL or HTTP (the build refuses such
 * dependencies). Sub-packages by job: {@code tier} (the tier contracts and the Caffeine L1 tier), {@code engine} (the
 * tiered read path and its helpers), {@code policy} (lifetimes), {@code codec} (the L2 envelope), {@code bytes}
 * (encoded fragments and answers as slices), {@code series} (range chunking), {@code metrics}.
 */
package org.marketcache.core;
