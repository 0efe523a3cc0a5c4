-- Demo load: hands the scale ($1) and the data version ($2) to the load scripts
-- as session settings, which they read with current_setting(), so no value is
-- pasted into their text.
SELECT set_config('sightline.demo_scale', $1, false),
       set_config('sightline.demo_version', $2, false);
