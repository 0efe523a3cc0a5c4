-- Capability probe, run once per connection before PgSession emits connected().
-- One row. Role memberships go through pg_roles so that a predefined role the
-- server does not have yet (older versions) reads as "not a member" instead of
-- failing the whole probe.
SELECT current_setting('server_version_num')::int AS server_version_num,
       current_setting('server_version') AS server_version,
       version() AS full_version,
       current_user AS current_user,
       session_user AS session_user,
       current_database() AS database,
       coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user),
                false) AS superuser,
       EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
               WHERE r.rolname = 'pg_monitor'
                 AND pg_catalog.pg_has_role(current_user, r.oid, 'member')) AS pg_monitor,
       EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
               WHERE r.rolname = 'pg_signal_backend'
                 AND pg_catalog.pg_has_role(current_user, r.oid, 'member')) AS pg_signal_backend,
       EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
               WHERE r.rolname = 'pg_read_all_stats'
                 AND pg_catalog.pg_has_role(current_user, r.oid, 'member')) AS pg_read_all_stats,
       current_setting('track_io_timing')::bool AS track_io_timing,
       pg_catalog.pg_is_in_recovery() AS in_recovery,
       current_setting('default_transaction_read_only')::bool AS default_read_only,
       (SELECT coalesce(json_object_agg(e.extname, e.extversion ORDER BY e.extname), '{}'::json)
        FROM pg_catalog.pg_extension e)::text AS extensions
