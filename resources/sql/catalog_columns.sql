-- Columns of the relations catalog_relations.sql lists, in table order, with
-- their types as the server writes them (character varying(40), integer[]).
SELECT a.attrelid AS relation,
       a.attname AS name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE a.attnum > 0
  AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname !~ '^pg_(toast|temp_)'
  AND pg_catalog.has_schema_privilege(n.oid, 'USAGE')
ORDER BY a.attrelid, a.attnum;
