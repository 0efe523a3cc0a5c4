-- Demo start-up: whether a load finished (its last script writes the marker table).
SELECT to_regclass('public.sightline_demo_meta') IS NOT NULL;
