-- Changes a setting for this session only ($1 name, $2 value), as SET does.
SELECT pg_catalog.set_config($1, $2, false)
