-- TimescaleDB only: compress chunks once they are old enough that ingest no longer rewrites them
-- (segmented by instrument, so one instrument's range still decompresses alone). Compressed chunks
-- stay readable by every query and accept INSERT ... ON CONFLICT from TimescaleDB 2.11 on.
-- No retention policy is added: L3 is the system of record. See docs/storage.md for retention.
DO $$
DECLARE
    t record;
BEGIN
    IF marketcache_layout() <> 'timescaledb' THEN
        RETURN;
    END IF;
    FOR t IN SELECT * FROM (VALUES
            ('candle_1m',  'open_time', INTERVAL '30 days'),
            ('trade',      'time',      INTERVAL '7 days'),
            ('ticker',     'time',      INTERVAL '7 days'),
            ('order_book', 'time',      INTERVAL '3 days'))
            AS v (name, time_column, after)
    LOOP
        EXECUTE format('ALTER TABLE %I SET (timescaledb.compress, timescaledb.compress_segmentby = %L, '
                       'timescaledb.compress_orderby = %L)', t.name, 'instrument_id', t.time_column || ' DESC');
        PERFORM add_compression_policy(t.name::regclass, compress_after => t.after);
    END LOOP;
END
$$;
