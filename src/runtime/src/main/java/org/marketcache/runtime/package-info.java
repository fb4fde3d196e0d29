/**
 * The Quarkus wiring every function shares: {@code CacheTiers} assembles one tiered cache per cache name (L1 on
 * Quarkus Cache in {@code caffeine}, L2 on the Quarkus Redis client in {@code redis}, L3 from the store), with
 * configuration and its validation, fault tolerance, the event stream that keeps pods coherent, the write path,
 * the read service, instruments, health, security and HTTP error mapping.
 */
package org.marketcache.runtime;
