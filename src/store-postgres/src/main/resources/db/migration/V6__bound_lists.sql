-- marketcache_instants(VARIADIC timestamptz[]): the candle query's range bounds arrive as a list of parameters
-- (marketcache_instants($1, $2, ...)) and leave as one array for unnest. The application binds them as a
-- parameter list so that Hibernate Reactive keeps the query out of its query plan cache, where its native
-- select plans are never found again and pile up under one hash (docs/performance.md §6.7). Same on both layouts.
CREATE OR REPLACE FUNCTION marketcache_instants(VARIADIC instants timestamptz[])
    RETURNS timestamptz[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT instants';
