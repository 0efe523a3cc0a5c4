-- Demo start-up: whether the demo database exists. $1: its name.
SELECT 1
FROM pg_catalog.pg_database
WHERE datname = $1;
