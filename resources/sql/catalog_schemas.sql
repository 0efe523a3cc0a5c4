-- Schemas the current role may use, for completion. search_path_position is
-- the schema's place in current_schemas(true) (pg_catalog included, as the
-- server searches it), NULL when unqualified names never reach it.
SELECT n.nspname AS name,
       (SELECT p.position
        FROM unnest(pg_catalog.current_schemas(true)) WITH ORDINALITY AS p(name, position)
        WHERE p.name = n.nspname) AS search_path_position
FROM pg_catalog.pg_namespace n
WHERE n.nspname !~ '^pg_(toast|temp_)'
  AND pg_catalog.has_schema_privilege(n.oid, 'USAGE')
ORDER BY n.nspname;
