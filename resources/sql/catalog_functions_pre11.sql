-- Functions, aggregates, window functions and procedures for completion
-- (before PostgreSQL 11: proisagg and proiswindow, no procedures), one row per overload. Left out
-- are the ones nobody calls by name: those taking or returning pseudo-types
-- only the server passes around (type input/output, planner and access
-- method support, trigger functions) and the built-in functions behind
-- operators, types, index operator classes, languages, ranges and
-- aggregates (the support set below), and pg_upgrade's.
-- information_schema's functions are its own helpers.
WITH support AS (
    SELECT o.oprcode::pg_catalog.oid AS oid FROM pg_catalog.pg_operator o
    UNION SELECT t.typsend FROM pg_catalog.pg_type t
    UNION SELECT t.typmodin FROM pg_catalog.pg_type t
    UNION SELECT t.typmodout FROM pg_catalog.pg_type t
    UNION SELECT a.amproc FROM pg_catalog.pg_amproc a
    UNION SELECT l.lanvalidator FROM pg_catalog.pg_language l
    UNION SELECT r.rngcanonical FROM pg_catalog.pg_range r
    UNION SELECT r.rngsubdiff FROM pg_catalog.pg_range r
    UNION SELECT pg_catalog.unnest(ARRAY[a.aggtransfn, a.aggfinalfn, a.aggcombinefn,
                                         a.aggserialfn, a.aggdeserialfn, a.aggmtransfn,
                                         a.aggminvtransfn, a.aggmfinalfn]::pg_catalog.oid[])
    FROM pg_catalog.pg_aggregate a
)
SELECT n.nspname AS schema,
       p.proname AS name,
       pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
       pg_catalog.pg_get_function_result(p.oid) AS result,
       CASE WHEN p.proisagg THEN 'a' WHEN p.proiswindow THEN 'w' ELSE 'f' END AS kind,
       p.proretset AS returns_set
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname !~ '^pg_(toast|temp_)'
  AND n.nspname <> 'information_schema'
  AND pg_catalog.has_schema_privilege(n.oid, 'USAGE')
  AND NOT EXISTS (
      SELECT 1
      FROM pg_catalog.pg_type t
      WHERE t.oid = ANY (p.proargtypes::pg_catalog.oid[] || p.prorettype)
        AND t.typnamespace = 'pg_catalog'::pg_catalog.regnamespace
        AND t.typname IN ('internal', 'cstring', 'trigger', 'event_trigger',
                          'language_handler', 'fdw_handler', 'index_am_handler',
                          'tsm_handler', 'table_am_handler'))
  AND NOT (n.nspname = 'pg_catalog'
           AND (p.proname LIKE 'binary\_upgrade\_%' OR p.oid IN (SELECT oid FROM support)))
ORDER BY n.nspname, p.proname, p.oid;
