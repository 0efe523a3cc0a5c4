-- Databases a user can connect to, for the connections dock.
SELECT datname
FROM pg_catalog.pg_database
WHERE datallowconn
  AND NOT datistemplate
  AND has_database_privilege(datname, 'CONNECT')
ORDER BY datname;
