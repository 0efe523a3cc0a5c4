-- Sightline demo database, step 1 of 8: start from nothing.
--
-- The loader runs these scripts in order on one session, after setting
--   sightline.demo_scale   (1 = about 100k customers, 1M orders, 2.5M order items)
--   sightline.demo_version (written to sightline_demo_meta at the end)
-- Each table is created and filled in one transaction, which lets a server with
-- wal_level = minimal skip writing the rows to the WAL.

DROP TABLE IF EXISTS sightline_demo_meta, order_items, orders, products, customers CASCADE;

-- Rows for a table of `full_size` rows at scale 1, never fewer than `minimum`
-- (the skewed customer has id 42, so there are always at least 100 customers).
CREATE FUNCTION pg_temp.demo_rows(full_size bigint, minimum bigint) RETURNS bigint
LANGUAGE sql STABLE
AS $$
    SELECT greatest(minimum, round(full_size * coalesce(
        nullif(current_setting('sightline.demo_scale', true), ''), '1')::numeric))::bigint
$$;

-- The load is a batch job: generous memory for sorts, index builds and the
-- foreign-key checks, and no JIT compilation for one-off statements.
SET maintenance_work_mem = '256MB';
SET work_mem = '64MB';
SET jit = off;
