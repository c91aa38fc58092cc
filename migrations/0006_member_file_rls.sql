-- The member file: row-level security on its new tables, the transfer and numbering functions
-- that must see beyond the caller's scope, and the default catalogues.
-- Policies follow migration 0003: settings read once per query, NULLIF for never-set settings.

-- Running member numbers (the check digit is added by the application).
CREATE SEQUENCE IF NOT EXISTS member_running_number_seq AS bigint START WITH 1;
--> statement-breakpoint
-- The next running number: past the sequence and past the highest number on file (bulk loads
-- assign numbers without the sequence). SECURITY DEFINER: the highest number may be in a unit the
-- caller cannot see. Serialised by a transaction-scoped advisory lock.
CREATE OR REPLACE FUNCTION next_member_running_number() RETURNS bigint
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  highest bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(7345101);
  SELECT left(member_number, 7)::bigint INTO highest FROM members
   WHERE member_number ~ '^[0-9]{8}$' ORDER BY member_number DESC LIMIT 1;
  RETURN setval('member_running_number_seq', GREATEST(nextval('member_running_number_seq'), coalesce(highest, 0) + 1));
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION next_member_running_number() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION next_member_running_number() TO servicestelle_app;
--> statement-breakpoint
-- A move to another unit (Überweisung across Kreisverbände, or within one). The caller must be
-- able to write the member where it is now; the new unit is usually outside the caller's scope,
-- which the members policies would refuse. Closes the open history row and opens one in the new
-- unit with the same status, and records the transfer for both sides.
CREATE OR REPLACE FUNCTION member_transfer(p_member_id bigint, p_to_unit integer, p_effective date, p_reason text, p_cross boolean)
  RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  m record;
  h record;
  tid bigint;
  uid integer := NULLIF(current_setting('app.user_id', true), '')::integer;
  writable integer[] := coalesce(NULLIF(current_setting('app.write_units', true), ''), '{}')::integer[];
BEGIN
  SELECT id, unit_id, member_number, first_name, last_name INTO m FROM members WHERE id = p_member_id FOR UPDATE;
  IF NOT FOUND OR NOT (m.unit_id = ANY (writable)) THEN
    RAISE EXCEPTION 'member % cannot be moved in this scope', p_member_id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF m.unit_id = p_to_unit THEN
    RETURN NULL;
  END IF;
  SELECT id, valid_from INTO h FROM member_status_history
   WHERE member_id = p_member_id AND valid_to IS NULL ORDER BY valid_from DESC, id DESC LIMIT 1;
  IF FOUND THEN
    IF h.valid_from >= p_effective THEN
      UPDATE member_status_history SET unit_id = p_to_unit WHERE id = h.id;
    ELSE
      UPDATE member_status_history SET valid_to = p_effective WHERE id = h.id;
      INSERT INTO member_status_history (member_id, status, unit_id, valid_from, reason, transition, actor_user_id)
        SELECT member_id, status, p_to_unit, p_effective, p_reason, 'transfer', uid FROM member_status_history WHERE id = h.id;
    END IF;
  END IF;
  UPDATE members SET unit_id = p_to_unit, updated_at = now() WHERE id = p_member_id;
  INSERT INTO member_transfers (member_id, member_number, member_name, from_unit_id, to_unit_id, cross_district,
                                effective_date, reason, actor_user_id)
    VALUES (p_member_id, m.member_number, m.first_name || ' ' || m.last_name, m.unit_id, p_to_unit, p_cross,
            p_effective, p_reason, uid)
    RETURNING id INTO tid;
  RETURN tid;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION member_transfer(bigint, integer, date, text, boolean) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION member_transfer(bigint, integer, date, text, boolean) TO servicestelle_app;
--> statement-breakpoint
-- Rows that belong to one member: visible with the member, writable where the member is writable.
ALTER TABLE member_consents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY member_consents_select ON member_consents FOR SELECT TO servicestelle_app
  USING (EXISTS (SELECT 1 FROM members m WHERE m.id = member_consents.member_id));
--> statement-breakpoint
CREATE POLICY member_consents_write ON member_consents FOR ALL TO servicestelle_app
  USING (EXISTS (SELECT 1 FROM members m WHERE m.id = member_consents.member_id
    AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[])))
  WITH CHECK (EXISTS (SELECT 1 FROM members m WHERE m.id = member_consents.member_id
    AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[])));
--> statement-breakpoint
ALTER TABLE member_associations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY member_associations_select ON member_associations FOR SELECT TO servicestelle_app
  USING (EXISTS (SELECT 1 FROM members m WHERE m.id = member_associations.member_id));
--> statement-breakpoint
CREATE POLICY member_associations_write ON member_associations FOR ALL TO servicestelle_app
  USING (EXISTS (SELECT 1 FROM members m WHERE m.id = member_associations.member_id
    AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[])))
  WITH CHECK (EXISTS (SELECT 1 FROM members m WHERE m.id = member_associations.member_id
    AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[])));
--> statement-breakpoint
ALTER TABLE member_functions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY member_functions_select ON member_functions FOR SELECT TO servicestelle_app
  USING (EXISTS (SELECT 1 FROM members m WHERE m.id = member_functions.member_id));
--> statement-breakpoint
CREATE POLICY member_functions_write ON member_functions FOR ALL TO servicestelle_app
  USING (EXISTS (SELECT 1 FROM members m WHERE m.id = member_functions.member_id
    AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[])))
  WITH CHECK (EXISTS (SELECT 1 FROM members m WHERE m.id = member_functions.member_id
    AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[])));
--> statement-breakpoint
ALTER TABLE member_mandates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY member_mandates_select ON member_mandates FOR SELECT TO servicestelle_app
  USING (EXISTS (SELECT 1 FROM members m WHERE m.id = member_mandates.member_id));
--> statement-breakpoint
CREATE POLICY member_mandates_write ON member_mandates FOR ALL TO servicestelle_app
  USING (EXISTS (SELECT 1 FROM members m WHERE m.id = member_mandates.member_id
    AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[])))
  WITH CHECK (EXISTS (SELECT 1 FROM members m WHERE m.id = member_mandates.member_id
    AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[])));
--> statement-breakpoint
-- Transfers: seen by both sides (the old unit keeps seeing what left it). Created only through
-- member_transfer(); a merge may re-point them to the kept record.
ALTER TABLE member_transfers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY member_transfers_select ON member_transfers FOR SELECT TO servicestelle_app
  USING (from_unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), ''))::int[])
      OR to_unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), ''))::int[]));
--> statement-breakpoint
CREATE POLICY member_transfers_update ON member_transfers FOR UPDATE TO servicestelle_app
  USING (from_unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[])
      OR to_unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[]))
  WITH CHECK (from_unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[])
      OR to_unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[]));
--> statement-breakpoint
-- Merges: the kept record's unit.
ALTER TABLE member_merges ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY member_merges_all ON member_merges FOR ALL TO servicestelle_app
  USING (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[]))
  WITH CHECK (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[]));
--> statement-breakpoint
-- Notifications: read and marked done in the unit; anyone working on a member may notify another
-- unit (a transfer notifies the receiving Kreisverband, which the sender cannot read).
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY notifications_select ON notifications FOR SELECT TO servicestelle_app
  USING (unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), ''))::int[]));
--> statement-breakpoint
CREATE POLICY notifications_update ON notifications FOR UPDATE TO servicestelle_app
  USING (unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), ''))::int[]))
  WITH CHECK (unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), ''))::int[]));
--> statement-breakpoint
CREATE POLICY notifications_insert ON notifications FOR INSERT TO servicestelle_app
  WITH CHECK (NULLIF(current_setting('app.user_id', true), '') IS NOT NULL);
--> statement-breakpoint
-- Saved lists: the owner's, and those shared with a unit the reader may read.
ALTER TABLE saved_member_lists ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY saved_member_lists_select ON saved_member_lists FOR SELECT TO servicestelle_app
  USING (owner_user_id = (SELECT NULLIF(current_setting('app.user_id', true), ''))::int
      OR shared_unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), ''))::int[]));
--> statement-breakpoint
CREATE POLICY saved_member_lists_owner ON saved_member_lists FOR ALL TO servicestelle_app
  USING (owner_user_id = (SELECT NULLIF(current_setting('app.user_id', true), ''))::int)
  WITH CHECK (owner_user_id = (SELECT NULLIF(current_setting('app.user_id', true), ''))::int);
--> statement-breakpoint
-- Default catalogues (a party edits them to match its statute).
INSERT INTO member_catalogue_entries (kind, code, name, name_en, level, sort_order) VALUES
  ('function', 'chair', 'Vorsitz', 'Chair', NULL, 10),
  ('function', 'deputy_chair', 'Stellvertretender Vorsitz', 'Deputy chair', NULL, 20),
  ('function', 'treasurer', 'Schatzmeister/in', 'Treasurer', NULL, 30),
  ('function', 'secretary', 'Schriftführer/in', 'Secretary', NULL, 40),
  ('function', 'board_member', 'Beisitzer/in', 'Board member', NULL, 50),
  ('function', 'delegate', 'Delegierte/r', 'Delegate', NULL, 60),
  ('function', 'substitute_delegate', 'Ersatzdelegierte/r', 'Substitute delegate', NULL, 70),
  ('function', 'auditor', 'Kassenprüfer/in', 'Auditor', NULL, 80),
  ('function', 'membership_officer', 'Mitgliederbeauftragte/r', 'Membership officer', NULL, 90),
  ('mandate', 'european_parliament', 'Europäisches Parlament', 'European Parliament', 'eu', 10),
  ('mandate', 'bundestag', 'Bundestag', 'Bundestag', 'federal', 20),
  ('mandate', 'landtag', 'Landtag', 'State parliament', 'state', 30),
  ('mandate', 'landrat', 'Landrat/Landrätin', 'District administrator', 'district', 40),
  ('mandate', 'kreistag', 'Kreistag', 'District council', 'district', 50),
  ('mandate', 'lord_mayor', 'Oberbürgermeister/in', 'Lord mayor', 'municipal', 60),
  ('mandate', 'mayor', 'Bürgermeister/in', 'Mayor', 'municipal', 70),
  ('mandate', 'city_council', 'Stadtverordnetenversammlung', 'City council', 'municipal', 80),
  ('mandate', 'municipal_council', 'Gemeindevertretung', 'Municipal council', 'municipal', 90),
  ('mandate', 'municipal_board', 'Magistrat/Gemeindevorstand', 'Municipal executive board', 'municipal', 100),
  ('mandate', 'local_council', 'Ortsbeirat', 'Local council', 'local', 110),
  ('association', 'youth', 'Jugendorganisation', 'Youth wing', NULL, 10),
  ('association', 'women', 'Frauenvereinigung', 'Women''s association', NULL, 20),
  ('association', 'seniors', 'Seniorenvereinigung', 'Seniors'' association', NULL, 30),
  ('association', 'local_politics', 'Kommunalpolitische Vereinigung', 'Local politics association', NULL, 40),
  ('association', 'business', 'Wirtschaftsvereinigung', 'Business association', NULL, 50)
ON CONFLICT DO NOTHING;
