CREATE TABLE "statistics_flows" (
	"as_of" date NOT NULL,
	"unit_id" integer NOT NULL,
	"month" text NOT NULL,
	"joins" integer NOT NULL,
	"leaves" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "statistics_flows_day_unit_idx" ON "statistics_flows" USING btree ("as_of","unit_id");--> statement-breakpoint
-- Joins and leaves per month join the precomputed counts (docs/adr/0033-precomputed-member-statistics.md):
-- the same (day, unit) marks make both stale, the same refresh recounts both.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON statistics_flows FROM servicestelle_app;
--> statement-breakpoint
ALTER TABLE statistics_flows ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY statistics_flows_select ON statistics_flows FOR SELECT TO servicestelle_app
  USING (unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), ''))::int[]));
--> statement-breakpoint
-- Per unit and month of the 24 months up to p_as_of: a join is a history row of a counted status
-- that does not directly follow another counted one (so a transfer, a confirmation or a
-- reactivation is no join); a leave is the first day of a leaving status.
CREATE OR REPLACE FUNCTION statistics_compute_flows(p_as_of date, p_counted text[], p_leaving text[], p_units integer[])
  RETURNS TABLE (unit_id integer, month text, joins integer, leaves integer)
  LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT h.unit_id, to_char(h.valid_from, 'YYYY-MM'),
         (count(*) FILTER (WHERE h.status = ANY (p_counted) AND NOT EXISTS (
            SELECT 1 FROM member_status_history p
             WHERE p.member_id = h.member_id AND p.valid_to = h.valid_from AND p.status = ANY (p_counted))))::int,
         (count(*) FILTER (WHERE h.status = ANY (p_leaving)))::int
    FROM member_status_history h
   WHERE (p_units IS NULL OR h.unit_id = ANY (p_units))
     AND h.status = ANY (p_counted || p_leaving)
     AND h.valid_from >= (date_trunc('month', p_as_of) - interval '23 months')::date
     AND h.valid_from <= p_as_of
   GROUP BY 1, 2
$$;
--> statement-breakpoint
DROP FUNCTION IF EXISTS statistics_refresh(date, integer[]);
--> statement-breakpoint
-- Brings the counts and flows of one day up to date: the whole day when it has none yet (or other
-- age bands), else the units marked since. Serialised per day by an advisory lock held until the
-- caller's transaction ends, so two readers never compute the same day twice.
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
  DELETE FROM statistics_dirty WHERE as_of = ANY (gone);
  RETURN cardinality(gone);
END
$$;
--> statement-breakpoint
-- Days counted by the earlier refresh have no flows: count them again on their next read.
DELETE FROM statistics_days;
--> statement-breakpoint
DELETE FROM statistics_counts;
--> statement-breakpoint
DELETE FROM statistics_dirty;
