-- Tables, partitioned tables, views, materialized views and foreign tables in
-- the schemas the current role may use, for completion. Partitions are marked
-- through pg_inherits so that the query reads the same on every version.
SELECT c.oid,
       n.nspname AS schema,
       c.relname AS name,
       c.relkind AS kind,
       EXISTS (SELECT 1
               FROM pg_catalog.pg_inherits i
               JOIN pg_catalog.pg_class parent ON parent.oid = i.inhparent
               WHERE i.inhrelid = c.oid AND parent.relkind = 'p') AS is_partition
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname !~ '^pg_(toast|temp_)'
  AND pg_catalog.has_schema_privilege(n.oid, 'USAGE')
ORDER BY n.nspname, c.relname;
