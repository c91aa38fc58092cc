CREATE TABLE "statistics_counts" (
	"as_of" date NOT NULL,
	"unit_id" integer NOT NULL,
	"status" text NOT NULL,
	"gender" text,
	"age_band" integer,
	"n" integer NOT NULL,
	"age_sum" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statistics_days" (
	"as_of" date PRIMARY KEY NOT NULL,
	"age_bands" integer[] NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statistics_dirty" (
	"as_of" date NOT NULL,
	"unit_id" integer NOT NULL,
	CONSTRAINT "statistics_dirty_as_of_unit_id_pk" PRIMARY KEY("as_of","unit_id")
);
--> statement-breakpoint
CREATE TABLE "statistics_flows" (
	"as_of" date NOT NULL,
	"unit_id" integer NOT NULL,
	"month" text NOT NULL,
	"joins" integer NOT NULL,
	"leaves" integer NOT NULL
);
--> statement-breakpoint
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
CREATE INDEX "statistics_counts_day_unit_idx" ON "statistics_counts" USING btree ("as_of","unit_id");--> statement-breakpoint
CREATE INDEX "statistics_flows_day_unit_idx" ON "statistics_flows" USING btree ("as_of","unit_id");--> statement-breakpoint
CREATE INDEX "statistics_rollup_day_group_idx" ON "statistics_rollup" USING btree ("as_of","group_unit_id");

--> statement-breakpoint
-- Precomputed member statistics (docs/adr/0033-precomputed-member-statistics.md).
--
-- statistics_counts holds, per day asked for, the members per unit, status, gender and age band;
-- statistics_flows the joins and leaves per unit and month; statistics_rollup the counts summed per
-- Kreisverband. Statement-level triggers on the status history and on members mark the (day, unit)
-- pairs that a change may touch; statistics_refresh() recounts the marked units of a day (or the
-- whole day when it has no counts yet) from the status history. A read therefore always sees counts
-- that agree with the member file as committed when its transaction started the refresh.
--
-- The application role only reads these tables, under unit policies that cast the scope setting
-- once per query (ADR 0030); every write goes through the SECURITY DEFINER functions below, which
-- see all units because a count per unit is what every scope is built from.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON statistics_days, statistics_counts, statistics_flows, statistics_rollup, statistics_dirty FROM servicestelle_app;
--> statement-breakpoint
REVOKE SELECT ON statistics_dirty FROM servicestelle_app;
--> statement-breakpoint
ALTER TABLE statistics_counts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE statistics_flows ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE statistics_rollup ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY statistics_counts_select ON statistics_counts FOR SELECT TO servicestelle_app
  USING (COALESCE((SELECT current_setting('app.read_all', true) = 'on')
    OR unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), '')::int[])::int[]), false));
--> statement-breakpoint
CREATE POLICY statistics_flows_select ON statistics_flows FOR SELECT TO servicestelle_app
  USING (COALESCE((SELECT current_setting('app.read_all', true) = 'on')
    OR unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), '')::int[])::int[]), false));
--> statement-breakpoint
-- A roll-up row sums a Kreisverband's whole subtree (or a higher unit's own members), so reading it
-- needs read access at that unit, which a grant gives for the subtree.
CREATE POLICY statistics_rollup_select ON statistics_rollup FOR SELECT TO servicestelle_app
  USING (COALESCE((SELECT current_setting('app.read_all', true) = 'on')
    OR group_unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), '')::int[])::int[]), false));
--> statement-breakpoint
-- The rows of one day, for all units or for the given ones: the one place that defines a count.
-- A member is counted in the unit and with the status of the history row that covers the day
-- (half-open ranges [valid_from, valid_to)); gender and age come from the member record.
CREATE OR REPLACE FUNCTION statistics_compute(p_as_of date, p_bands integer[], p_units integer[])
  RETURNS TABLE (unit_id integer, status text, gender text, age_band integer, n integer, age_sum bigint)
  LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
  SELECT s.unit_id, s.status, s.gender,
         CASE WHEN s.age IS NULL OR s.age < p_bands[1] THEN NULL ELSE p_bands[width_bucket(s.age, p_bands)] END,
         count(*)::int, coalesce(sum(s.age) FILTER (WHERE s.age >= p_bands[1]), 0)::bigint
    FROM (
      SELECT h.unit_id, h.status, m.gender,
             CASE WHEN m.birthdate IS NULL THEN NULL
                  ELSE extract(year FROM age(p_as_of, m.birthdate))::int END AS age
        FROM member_status_history h
        LEFT JOIN members m ON m.id = h.member_id
       WHERE (p_units IS NULL OR h.unit_id = ANY (p_units))
         AND h.valid_from <= p_as_of AND (h.valid_to IS NULL OR h.valid_to > p_as_of)
    ) s
   GROUP BY 1, 2, 3, 4
$$;
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
-- Brings the counts, flows and roll-up of one day up to date: the whole day when it has none yet
-- (or other age bands), else the units marked since. Serialised per day by an advisory lock held
-- until the caller's transaction ends, so two readers never compute the same day twice.
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
-- Drops the days nobody asked for since `p_unused_since` (the daily job keeps a month).
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
-- The trigger function marks, for every day that has counts, the units of the changed history rows
-- that begin on or before it (old and new versions). That is more than strictly changes (a row
-- closed after the day changes nothing there), which costs a recount of a few units, never a
-- wrong figure. PL/pgSQL plans a statement when it first runs, so each event reads only the
-- transition tables its trigger declares.
CREATE OR REPLACE FUNCTION statistics_mark_history() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM statistics_days) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO statistics_dirty (as_of, unit_id)
      SELECT DISTINCT d.as_of, r.unit_id FROM statistics_days d JOIN new_rows r ON r.valid_from <= d.as_of
      ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO statistics_dirty (as_of, unit_id)
      SELECT DISTINCT d.as_of, r.unit_id FROM statistics_days d JOIN old_rows r ON r.valid_from <= d.as_of
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Gender and birthdate live on the member record: a change there marks the units of that
-- member's history rows.
CREATE OR REPLACE FUNCTION statistics_mark_member() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM statistics_days) THEN
    INSERT INTO statistics_dirty (as_of, unit_id)
      SELECT DISTINCT d.as_of, h.unit_id
        FROM old_rows o
        JOIN new_rows n ON n.id = o.id
        JOIN member_status_history h ON h.member_id = o.id
        JOIN statistics_days d ON h.valid_from <= d.as_of
       WHERE o.gender IS DISTINCT FROM n.gender OR o.birthdate IS DISTINCT FROM n.birthdate
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER statistics_history_insert AFTER INSERT ON member_status_history
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_mark_history();
--> statement-breakpoint
CREATE TRIGGER statistics_history_update AFTER UPDATE ON member_status_history
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_mark_history();
--> statement-breakpoint
CREATE TRIGGER statistics_history_delete AFTER DELETE ON member_status_history
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_mark_history();
--> statement-breakpoint
CREATE TRIGGER statistics_member_update AFTER UPDATE ON members
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION statistics_mark_member();
