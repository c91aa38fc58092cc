CREATE TABLE "statistics_rollup" (
	"as_of" date NOT NULL,
	"group_unit_id" integer NOT NULL,
	"status" text NOT NULL,
	"gender" text,
	"age_band" integer,
	"n" integer NOT NULL,
	"age_sum" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "statistics_rollup_day_group_idx" ON "statistics_rollup" USING btree ("as_of","group_unit_id");--> statement-breakpoint
-- The roll-up per Kreisverband (docs/adr/0033-precomputed-member-statistics.md): kept by the same
-- refresh as the counts. A group row sums a Kreisverband's whole subtree (or a higher unit's own
-- members), so reading it needs read access at that unit, which a grant gives for the subtree.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON statistics_rollup FROM servicestelle_app;
--> statement-breakpoint
ALTER TABLE statistics_rollup ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY statistics_rollup_select ON statistics_rollup FOR SELECT TO servicestelle_app
  USING (COALESCE((SELECT current_setting('app.read_all', true) = 'on')
    OR group_unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), '')::int[])::int[]), false));
--> statement-breakpoint
-- The roll-up group of a unit: the Kreisverband above or at it, else the unit itself.
CREATE OR REPLACE FUNCTION statistics_group_of(p_unit integer) RETURNS integer
  LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT coalesce(
    (SELECT d.id FROM units u JOIN units d ON d.level = 'district' AND u.path LIKE d.path || '%' WHERE u.id = p_unit),
    p_unit)
$$;
--> statement-breakpoint
-- Sums the counts of one day into the roll-up, for all groups or for the groups of the given units.
CREATE OR REPLACE FUNCTION statistics_roll_up(p_as_of date, p_units integer[])
  RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  groups integer[];
BEGIN
  IF p_units IS NULL THEN
    DELETE FROM statistics_rollup WHERE as_of = p_as_of;
    INSERT INTO statistics_rollup (as_of, group_unit_id, status, gender, age_band, n, age_sum)
      SELECT p_as_of, g.grp, c.status, c.gender, c.age_band, sum(c.n)::int, sum(c.age_sum)::bigint
        FROM statistics_counts c
        JOIN (SELECT u.id, statistics_group_of(u.id) AS grp FROM units u) g ON g.id = c.unit_id
       WHERE c.as_of = p_as_of
       GROUP BY 2, 3, 4, 5;
    RETURN;
  END IF;
  SELECT array_agg(DISTINCT statistics_group_of(x)) INTO groups FROM unnest(p_units) x;
  DELETE FROM statistics_rollup WHERE as_of = p_as_of AND group_unit_id = ANY (groups);
  INSERT INTO statistics_rollup (as_of, group_unit_id, status, gender, age_band, n, age_sum)
    SELECT p_as_of, g.grp, c.status, c.gender, c.age_band, sum(c.n)::int, sum(c.age_sum)::bigint
      FROM statistics_counts c
      JOIN (SELECT u.id, statistics_group_of(u.id) AS grp FROM units u) g ON g.id = c.unit_id
     WHERE c.as_of = p_as_of AND g.grp = ANY (groups)
     GROUP BY 2, 3, 4, 5;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION statistics_refresh(p_as_of date, p_bands integer[], p_counted text[], p_leaving text[])
  RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  day statistics_days%ROWTYPE;
  stale integer[];
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('statistics_refresh'), p_as_of - date '2000-01-01');
  SELECT * INTO day FROM statistics_days WHERE as_of = p_as_of;
  IF NOT FOUND OR day.age_bands IS DISTINCT FROM p_bands THEN
    DELETE FROM statistics_dirty WHERE as_of = p_as_of;
    DELETE FROM statistics_counts WHERE as_of = p_as_of;
    DELETE FROM statistics_flows WHERE as_of = p_as_of;
    INSERT INTO statistics_counts (as_of, unit_id, status, gender, age_band, n, age_sum)
      SELECT p_as_of, c.* FROM statistics_compute(p_as_of, p_bands, NULL) c;
    INSERT INTO statistics_flows (as_of, unit_id, month, joins, leaves)
      SELECT p_as_of, f.* FROM statistics_compute_flows(p_as_of, p_counted, p_leaving, NULL) f;
    PERFORM statistics_roll_up(p_as_of, NULL);
    INSERT INTO statistics_days (as_of, age_bands) VALUES (p_as_of, p_bands)
      ON CONFLICT (as_of) DO UPDATE SET age_bands = excluded.age_bands, computed_at = now(), used_at = now();
    RETURN;
  END IF;
  WITH taken AS (DELETE FROM statistics_dirty WHERE as_of = p_as_of RETURNING statistics_dirty.unit_id)
    SELECT array_agg(DISTINCT taken.unit_id) INTO stale FROM taken;
  IF stale IS NOT NULL THEN
    DELETE FROM statistics_counts c WHERE c.as_of = p_as_of AND c.unit_id = ANY (stale);
    INSERT INTO statistics_counts (as_of, unit_id, status, gender, age_band, n, age_sum)
      SELECT p_as_of, c.* FROM statistics_compute(p_as_of, p_bands, stale) c;
    DELETE FROM statistics_flows f WHERE f.as_of = p_as_of AND f.unit_id = ANY (stale);
    INSERT INTO statistics_flows (as_of, unit_id, month, joins, leaves)
      SELECT p_as_of, f.* FROM statistics_compute_flows(p_as_of, p_counted, p_leaving, stale) f;
    PERFORM statistics_roll_up(p_as_of, stale);
    UPDATE statistics_days SET computed_at = now() WHERE as_of = p_as_of;
  END IF;
  -- Remember the use at most once an hour: a read should not write a row every time.
  UPDATE statistics_days SET used_at = now() WHERE as_of = p_as_of AND used_at < now() - interval '1 hour';
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION statistics_prune(p_unused_since timestamptz)
  RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  gone date[];
BEGIN
  WITH d AS (DELETE FROM statistics_days WHERE used_at < p_unused_since RETURNING as_of)
    SELECT array_agg(as_of) INTO gone FROM d;
  IF gone IS NULL THEN
    RETURN 0;
  END IF;
  DELETE FROM statistics_counts WHERE as_of = ANY (gone);
  DELETE FROM statistics_flows WHERE as_of = ANY (gone);
  DELETE FROM statistics_rollup WHERE as_of = ANY (gone);
  DELETE FROM statistics_dirty WHERE as_of = ANY (gone);
  RETURN cardinality(gone);
END
$$;
--> statement-breakpoint
-- Days counted before the roll-up existed are counted again on their next read.
DELETE FROM statistics_days;
--> statement-breakpoint
DELETE FROM statistics_dirty;
