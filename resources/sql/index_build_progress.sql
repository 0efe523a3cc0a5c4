-- Progress of a CREATE INDEX run by one backend ($1: its pid): phase, then
-- blocks or tuples done and total for the phase (whichever it counts).
SELECT phase,
       CASE WHEN blocks_total > 0 THEN blocks_done ELSE tuples_done END AS done,
       CASE WHEN blocks_total > 0 THEN blocks_total ELSE tuples_total END AS total
  FROM pg_catalog.pg_stat_progress_create_index
 WHERE pid = $1::int
