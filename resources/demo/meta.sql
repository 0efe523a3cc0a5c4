-- Sightline demo database, step 8: the marker the loader checks. Written last,
-- so a load that stopped half-way is redone on the next start.
CREATE TABLE sightline_demo_meta (
    version   integer     NOT NULL,
    scale     numeric     NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO sightline_demo_meta (version, scale)
VALUES (coalesce(nullif(current_setting('sightline.demo_version', true), ''), '0')::integer,
        coalesce(nullif(current_setting('sightline.demo_scale', true), ''), '1')::numeric);
