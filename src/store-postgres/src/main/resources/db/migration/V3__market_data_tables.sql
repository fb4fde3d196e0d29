-- The four series tables. Only 1-minute candles are stored; every other timeframe is rolled up from
-- them (V4). Prices and amounts are numeric WITHOUT a typmod, so the scale each value arrived with
-- ("65000.10", "0.00000001") is kept exactly and read back unchanged.
--
-- Every primary key starts with (instrument_id, <time>), which already serves the read pattern
-- "one instrument, time range, newest or oldest first" in both directions (a B-tree is scanned
-- backwards for ORDER BY time DESC), so no second index is created: it would only cost writes.
-- Re-ingesting the same data is idempotent through these keys (INSERT ... ON CONFLICT).
--
-- Layout (V1): 'partitioned' makes each table PARTITION BY RANGE on its time column with one
-- partition per UTC month, created by marketcache_ensure_partitions() below; 'timescaledb' makes
-- plain tables and turns them into hypertables (chunks are then created by TimescaleDB itself).

DO $$
DECLARE
    partitioned boolean := marketcache_layout() = 'partitioned';
BEGIN
    EXECUTE format($ddl$
        CREATE TABLE candle_1m (
            instrument_id integer     NOT NULL REFERENCES instrument (id),
            open_time     timestamptz NOT NULL,
            open          numeric     NOT NULL,
            high          numeric     NOT NULL,
            low           numeric     NOT NULL,
            close         numeric     NOT NULL,
            volume        numeric     NOT NULL,
            closed        boolean     NOT NULL,
            updated_at    timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT candle_1m_pkey PRIMARY KEY (instrument_id, open_time),
            CONSTRAINT candle_1m_prices CHECK (low > 0 AND low <= open AND low <= close
                                               AND high >= open AND high >= close AND volume >= 0)
        ) %s$ddl$, CASE WHEN partitioned THEN 'PARTITION BY RANGE (open_time)' ELSE '' END);

    EXECUTE format($ddl$
        CREATE TABLE trade (
            instrument_id integer     NOT NULL REFERENCES instrument (id),
            time          timestamptz NOT NULL,
            trade_id      text        NOT NULL,
            price         numeric     NOT NULL,
            amount        numeric     NOT NULL,
            side          text        NOT NULL,
            CONSTRAINT trade_pkey PRIMARY KEY (instrument_id, time, trade_id),
            CONSTRAINT trade_values CHECK (price > 0 AND amount > 0 AND side IN ('buy', 'sell'))
        ) %s$ddl$, CASE WHEN partitioned THEN 'PARTITION BY RANGE (time)' ELSE '' END);

    EXECUTE format($ddl$
        CREATE TABLE ticker (
            instrument_id integer     NOT NULL REFERENCES instrument (id),
            time          timestamptz NOT NULL,
            bid           numeric     NOT NULL,
            ask           numeric     NOT NULL,
            last          numeric     NOT NULL,
            volume_24h    numeric     NOT NULL,
            CONSTRAINT ticker_pkey PRIMARY KEY (instrument_id, time),
            CONSTRAINT ticker_values CHECK (bid > 0 AND bid <= ask AND last > 0 AND volume_24h >= 0)
        ) %s$ddl$, CASE WHEN partitioned THEN 'PARTITION BY RANGE (time)' ELSE '' END);

    -- A full snapshot per row: four parallel arrays (bids by price descending, asks ascending).
    -- numeric[] keeps every element's scale, reads back in one row, and needs no JSON parsing.
    EXECUTE format($ddl$
        CREATE TABLE order_book (
            instrument_id integer     NOT NULL REFERENCES instrument (id),
            time          timestamptz NOT NULL,
            sequence      bigint      NOT NULL CHECK (sequence >= 0),
            bid_prices    numeric[]   NOT NULL,
            bid_amounts   numeric[]   NOT NULL,
            ask_prices    numeric[]   NOT NULL,
            ask_amounts   numeric[]   NOT NULL,
            CONSTRAINT order_book_pkey PRIMARY KEY (instrument_id, time, sequence),
            CONSTRAINT order_book_sides CHECK (cardinality(bid_prices) = cardinality(bid_amounts)
                                               AND cardinality(ask_prices) = cardinality(ask_amounts))
        ) %s$ddl$, CASE WHEN partitioned THEN 'PARTITION BY RANGE (time)' ELSE '' END);

    IF NOT partitioned THEN
        -- create_default_indexes => false: TimescaleDB would add (time DESC), which the primary
        -- keys make redundant for every query this service runs.
        PERFORM create_hypertable('candle_1m', 'open_time', chunk_time_interval => INTERVAL '7 days',
                                  create_default_indexes => false);
        PERFORM create_hypertable('trade', 'time', chunk_time_interval => INTERVAL '1 day',
                                  create_default_indexes => false);
        PERFORM create_hypertable('ticker', 'time', chunk_time_interval => INTERVAL '1 day',
                                  create_default_indexes => false);
        PERFORM create_hypertable('order_book', 'time', chunk_time_interval => INTERVAL '1 day',
                                  create_default_indexes => false);
    END IF;
END
$$;

-- Creates the missing monthly partitions (UTC months) of a partitioned series table so that rows
-- with times in [from_time, to_time] can be inserted; returns how many it created. A no-op under
-- TimescaleDB, where chunks appear on insert. Writers call it before inserting (the Java store
-- remembers which months exist, so it runs about once per table and month).
--
-- Concurrent callers are serialised per table by an advisory lock held to the end of the
-- transaction, so two pods can never race to create the same partition. Creating a partition
-- locks the parent table briefly; callers should run it in its own short transaction, not
-- inside a long bulk load that other sessions are waiting to read from.
CREATE FUNCTION marketcache_ensure_partitions(target regclass, from_time timestamptz, to_time timestamptz)
    RETURNS integer
    LANGUAGE plpgsql
AS $$
DECLARE
    table_schema text;
    table_name   text;
    month_start  timestamp;   -- UTC wall time of the first day of a month
    last_month   timestamp;
    part_name    text;
    created      integer := 0;
BEGIN
    IF marketcache_layout() = 'timescaledb' THEN
        RETURN 0;
    END IF;
    IF from_time IS NULL OR to_time IS NULL OR to_time < from_time THEN
        RAISE EXCEPTION 'marketcache_ensure_partitions(%): need from_time <= to_time, got % and %',
            target, from_time, to_time USING ERRCODE = '22023';
    END IF;
    SELECT n.nspname, c.relname INTO table_schema, table_name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = target AND c.relkind = 'p';
    IF table_name IS NULL THEN
        RAISE EXCEPTION 'marketcache_ensure_partitions: % is not a partitioned table', target
            USING ERRCODE = '42809';
    END IF;

    PERFORM pg_advisory_xact_lock(hashtext('marketcache_ensure_partitions'), target::oid::integer);

    -- Month arithmetic on timestamp (not timestamptz) so that the session TimeZone cannot shift
    -- a boundary: partitions always start at 00:00 UTC on the first of a month.
    month_start := date_trunc('month', from_time AT TIME ZONE 'UTC');
    last_month  := date_trunc('month', to_time AT TIME ZONE 'UTC');
    WHILE month_start <= last_month LOOP
        part_name := format('%s_p%s', table_name, to_char(month_start, 'YYYYMM'));
        IF to_regclass(format('%I.%I', table_schema, part_name)) IS NULL THEN
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)',
                           table_schema, part_name, table_schema, table_name,
                           to_char(month_start, 'YYYY-MM-DD') || ' 00:00:00+00',
                           to_char(month_start + INTERVAL '1 month', 'YYYY-MM-DD') || ' 00:00:00+00');
            created := created + 1;
        END IF;
        month_start := month_start + INTERVAL '1 month';
    END LOOP;
    RETURN created;
END
$$;

-- A fresh database accepts data for this month and the next without any writer having run yet.
SELECT marketcache_ensure_partitions(t, now(), now() + INTERVAL '1 month')
  FROM unnest(ARRAY['candle_1m', 'trade', 'ticker', 'order_book']::regclass[]) AS t;
