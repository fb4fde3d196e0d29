-- Decides, once per database, how the market-data tables are stored (see docs/storage.md):
--   'timescaledb'  hypertables, continuous aggregates for 5m..1d, compression policies;
--   'partitioned'  plain PostgreSQL declarative partitioning by month, rollups computed at read time.
-- ${timescale} comes from marketcache.l3.timescale (auto | on | off) through L3FlywayCustomizer.
-- The choice is recorded here, so every later migration and every query follows the same layout
-- even if the setting changes afterwards (Flyway never re-runs an applied migration).

CREATE TABLE marketcache_storage (
    singleton  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    layout     text        NOT NULL CHECK (layout IN ('timescaledb', 'partitioned')),
    requested  text        NOT NULL CHECK (requested IN ('auto', 'on', 'off')),
    reason     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

DO $$
DECLARE
    requested text := lower(trim('${timescale}'));
    available boolean;
    installed boolean;
    preloaded boolean;
BEGIN
    IF requested NOT IN ('auto', 'on', 'off') THEN
        RAISE EXCEPTION 'marketcache.l3.timescale must be auto, on or off: %', quote_literal(requested);
    END IF;

    SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') INTO available;
    SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') INTO installed;
    -- CREATE EXTENSION timescaledb fails unless the library is preloaded; a managed service that
    -- lists the extension without preloading it must fall back, not break the migration.
    SELECT installed OR coalesce(current_setting('shared_preload_libraries', true), '') LIKE '%timescaledb%'
      INTO preloaded;

    IF requested = 'off' THEN
        INSERT INTO marketcache_storage (layout, requested, reason)
        VALUES ('partitioned', requested, 'disabled by marketcache.l3.timescale=off');
    ELSIF available AND preloaded THEN
        CREATE EXTENSION IF NOT EXISTS timescaledb;
        INSERT INTO marketcache_storage (layout, requested, reason)
        VALUES ('timescaledb', requested, 'timescaledb extension available');
    ELSIF requested = 'on' THEN
        RAISE EXCEPTION 'marketcache.l3.timescale=on but the timescaledb extension is %; install TimescaleDB and add it to shared_preload_libraries, or set marketcache.l3.timescale=auto',
            CASE WHEN available THEN 'not in shared_preload_libraries' ELSE 'not available (pg_available_extensions)' END;
    ELSE
        INSERT INTO marketcache_storage (layout, requested, reason)
        VALUES ('partitioned', requested, CASE WHEN available
            THEN 'timescaledb is installed but not in shared_preload_libraries'
            ELSE 'timescaledb extension not available' END);
    END IF;
END
$$;

-- The active layout: SELECT marketcache_layout();
CREATE FUNCTION marketcache_layout() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT layout FROM marketcache_storage $$;
