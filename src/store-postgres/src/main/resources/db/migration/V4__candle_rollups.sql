-- Candles of every timeframe come from ONE function, whatever the layout:
--
--   marketcache_candles(instrument_id, timeframe, from_time, to_time, now_time)
--
-- returns the candles whose open time lies in [bucket(from_time), to_time), ascending. from_time is
-- aligned down to its bucket so that a range starting mid-bucket still gets the whole first candle.
-- Buckets are counted from the Unix epoch in UTC (4h candles open at 00, 04, 08 ... UTC; 1d at 00
-- UTC), matching Timeframe.align() in Java.
--
-- A rolled-up candle: open = first open, close = last close, high = max, low = min, volume = sum of
-- its 1-minute candles; closed iff its bucket has ended (open_time + width <= now_time) and all of its
-- 1-minute candles are closed. The same rule is applied to 1m itself, so a 1-minute candle reads as
-- closed only when it is stored closed and its minute is over.
--
-- 'partitioned': aggregates candle_1m with date_bin() at read time (partition pruning and the primary
--                key bound the scan to the requested instrument and range).
-- 'timescaledb': reads the continuous aggregates candle_5m .. candle_1d created below. They are
--                real-time (materialized_only = false), so buckets not yet materialised are computed
--                from candle_1m on the fly, and refresh policies keep materialising them.

DO $$
DECLARE
    cagg record;
BEGIN
    IF marketcache_layout() <> 'timescaledb' THEN
        RETURN;
    END IF;
    -- start_offset: how far back a refresh re-materialises (late corrections older than this stay in
    -- the real-time part until the next wider refresh); end_offset: one bucket, so the bucket still
    -- being traded is always computed live.
    FOR cagg IN SELECT * FROM (VALUES
            ('candle_5m',  INTERVAL '5 minutes',  INTERVAL '1 day',   INTERVAL '1 minute'),
            ('candle_15m', INTERVAL '15 minutes', INTERVAL '2 days',  INTERVAL '5 minutes'),
            ('candle_1h',  INTERVAL '1 hour',     INTERVAL '7 days',  INTERVAL '15 minutes'),
            ('candle_4h',  INTERVAL '4 hours',    INTERVAL '14 days', INTERVAL '1 hour'),
            ('candle_1d',  INTERVAL '1 day',      INTERVAL '60 days', INTERVAL '1 hour'))
            AS t (name, width, start_offset, schedule)
    LOOP
        -- WITH NO DATA: creating with data is refused inside a transaction or a function, and Flyway
        -- runs each migration in a transaction. The first policy run materialises the history.
        EXECUTE format($ddl$
            CREATE MATERIALIZED VIEW %I
            WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
            SELECT instrument_id,
                   time_bucket(%L::interval, open_time) AS bucket,
                   first(open, open_time)               AS open,
                   max(high)                            AS high,
                   min(low)                             AS low,
                   last(close, open_time)               AS close,
                   sum(volume)                          AS volume,
                   bool_and(closed)                     AS all_closed
              FROM candle_1m
             GROUP BY instrument_id, bucket
            WITH NO DATA$ddl$, cagg.name, cagg.width);
        PERFORM add_continuous_aggregate_policy(cagg.name::regclass,
            start_offset => cagg.start_offset, end_offset => cagg.width, schedule_interval => cagg.schedule);
    END LOOP;
END
$$;

CREATE FUNCTION marketcache_candles(instrument integer, timeframe text, from_time timestamptz,
                                    to_time timestamptz, now_time timestamptz)
    RETURNS TABLE (open_time timestamptz, open numeric, high numeric, low numeric, close numeric,
                   volume numeric, closed boolean)
    LANGUAGE plpgsql STABLE
AS $$
#variable_conflict use_column
DECLARE
    origin CONSTANT timestamptz := timestamptz '1970-01-01 00:00:00+00';
    width    interval;
    start_at timestamptz;
    end_at   timestamptz;
BEGIN
    width := CASE timeframe
        WHEN '1m'  THEN INTERVAL '1 minute'
        WHEN '5m'  THEN INTERVAL '5 minutes'
        WHEN '15m' THEN INTERVAL '15 minutes'
        WHEN '1h'  THEN INTERVAL '1 hour'
        WHEN '4h'  THEN INTERVAL '4 hours'
        WHEN '1d'  THEN INTERVAL '1 day'
    END;
    IF width IS NULL THEN
        RAISE EXCEPTION 'timeframe must be one of 1m, 5m, 15m, 1h, 4h, 1d: %', quote_nullable(timeframe)
            USING ERRCODE = '22023';
    END IF;
    IF from_time IS NULL OR to_time IS NULL OR now_time IS NULL THEN
        RAISE EXCEPTION 'marketcache_candles: from_time, to_time and now_time are required'
            USING ERRCODE = '22004';
    END IF;
    start_at := date_bin(width, from_time, origin);
    IF to_time <= start_at THEN
        RETURN;
    END IF;

    IF timeframe = '1m' THEN
        RETURN QUERY
            SELECT c.open_time, c.open, c.high, c.low, c.close, c.volume,
                   c.closed AND c.open_time + width <= now_time
              FROM candle_1m c
             WHERE c.instrument_id = instrument AND c.open_time >= start_at AND c.open_time < to_time
             ORDER BY c.open_time;
    ELSIF marketcache_layout() = 'timescaledb' THEN
        -- Dynamic: the continuous aggregates exist only in this layout.
        RETURN QUERY EXECUTE format(
            'SELECT a.bucket, a.open, a.high, a.low, a.close, a.volume, a.all_closed AND a.bucket + $4 <= $5
               FROM %I a
              WHERE a.instrument_id = $1 AND a.bucket >= $2 AND a.bucket < $3
              ORDER BY a.bucket', 'candle_' || timeframe)
            USING instrument, start_at, to_time, width, now_time;
    ELSE
        -- The scan covers whole buckets: from the first bucket's start to the end of the bucket
        -- holding the last instant before to_time.
        end_at := date_bin(width, to_time - INTERVAL '1 microsecond', origin) + width;
        RETURN QUERY
            SELECT b.bucket, b.open, b.high, b.low, b.close, b.volume,
                   b.all_closed AND b.bucket + width <= now_time
              FROM (SELECT date_bin(width, c.open_time, origin)            AS bucket,
                           (array_agg(c.open ORDER BY c.open_time))[1]      AS open,
                           max(c.high)                                      AS high,
                           min(c.low)                                       AS low,
                           (array_agg(c.close ORDER BY c.open_time DESC))[1] AS close,
                           sum(c.volume)                                    AS volume,
                           bool_and(c.closed)                               AS all_closed
                      FROM candle_1m c
                     WHERE c.instrument_id = instrument AND c.open_time >= start_at AND c.open_time < end_at
                     GROUP BY 1) b
             ORDER BY b.bucket;
    END IF;
END
$$;
