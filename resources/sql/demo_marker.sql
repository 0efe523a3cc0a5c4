-- Demo start-up: the data version and scale the loaded demo was made with.
SELECT version, scale
FROM public.sightline_demo_meta
LIMIT 1;
