-- Policies that cast the scope setting outside the sub-select re-parse the text of up to ~450
-- unit ids for every row they filter (finding F6, ADR 0030; 0008 fixed the member tables).
-- test/integration/rls.test.ts now checks every policy and found nine more, written by 0005 and
-- 0006. Same rows visible and writable as before.
ALTER POLICY member_associations_write ON member_associations
  USING ((EXISTS ( SELECT 1
   FROM members m
  WHERE ((m.id = member_associations.member_id) AND (m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]))))))
  WITH CHECK ((EXISTS ( SELECT 1
   FROM members m
  WHERE ((m.id = member_associations.member_id) AND (m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]))))));
--> statement-breakpoint
ALTER POLICY member_consents_write ON member_consents
  USING ((EXISTS ( SELECT 1
   FROM members m
  WHERE ((m.id = member_consents.member_id) AND (m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]))))))
  WITH CHECK ((EXISTS ( SELECT 1
   FROM members m
  WHERE ((m.id = member_consents.member_id) AND (m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]))))));
--> statement-breakpoint
ALTER POLICY member_functions_write ON member_functions
  USING ((EXISTS ( SELECT 1
   FROM members m
  WHERE ((m.id = member_functions.member_id) AND (m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]))))))
  WITH CHECK ((EXISTS ( SELECT 1
   FROM members m
  WHERE ((m.id = member_functions.member_id) AND (m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]))))));
--> statement-breakpoint
ALTER POLICY member_mandates_write ON member_mandates
  USING ((EXISTS ( SELECT 1
   FROM members m
  WHERE ((m.id = member_mandates.member_id) AND (m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]))))))
  WITH CHECK ((EXISTS ( SELECT 1
   FROM members m
  WHERE ((m.id = member_mandates.member_id) AND (m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]))))));
--> statement-breakpoint
ALTER POLICY member_merges_all ON member_merges
  USING ((unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[])))
  WITH CHECK ((unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[])));
--> statement-breakpoint
ALTER POLICY member_transfers_update ON member_transfers
  USING (((from_unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[])) OR (to_unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]))))
  WITH CHECK (((from_unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[])) OR (to_unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]))));
--> statement-breakpoint
ALTER POLICY notifications_select ON notifications
  USING ((unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), '')::int[])::int[])));
--> statement-breakpoint
ALTER POLICY notifications_update ON notifications
  USING ((unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), '')::int[])::int[])))
  WITH CHECK ((unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), '')::int[])::int[])));
--> statement-breakpoint
ALTER POLICY saved_member_lists_select ON saved_member_lists
  USING (((owner_user_id = (( SELECT NULLIF(current_setting('app.user_id'::text, true), ''::text) AS "nullif"))::integer) OR (shared_unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), '')::int[])::int[]))));
