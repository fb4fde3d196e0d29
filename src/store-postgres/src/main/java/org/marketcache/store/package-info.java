/**
 * The L3 store: the PostgreSQL/TimescaleDB schema (Flyway migrations under {@code db/migration}), entities and
 * repositories read through Hibernate Reactive Panache, the {@code MarketDataStore} the write path and the seeder use,
 * and the source tiers ({@code PostgresCandleTier}, {@code PostgresTradeTier}, {@code PostgresSnapshotTier}) that the
 * cache engine loads missing chunks from, one query per batch.
 */
package org.marketcache.store;
