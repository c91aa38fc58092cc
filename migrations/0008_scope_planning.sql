-- Row-level security the planner can work with. Same rows visible and writable as before;
-- see docs/adr/0030-row-level-security-and-the-planner.md.
--
-- 1. The scope setting is cast to int[] inside the sub-select (an InitPlan, evaluated once per
--    query). `(SELECT setting)::int[]` cast outside it, which re-parsed the text of up to ~450 unit
--    ids for every row the policy filtered: 100 µs per row for a state-wide scope.
-- 2. The members read policies are wrapped in COALESCE(…, false) (NULL was already "not visible").
--    The planner cannot see the array, estimated the scope at 10 elements × 1/ndistinct ≈ 2 % of the
--    table whatever it holds, and led every query with the unit index; as an opaque boolean it is
--    estimated at 50 % and the query's own conditions choose the plan.
ALTER POLICY members_select ON members
  USING (COALESCE(unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), '')::int[])::int[]), false));
--> statement-breakpoint
ALTER POLICY members_insert ON members
  WITH CHECK (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]));
--> statement-breakpoint
ALTER POLICY members_update ON members
  USING (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]))
  WITH CHECK (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]));
--> statement-breakpoint
ALTER POLICY members_delete ON members
  USING (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]));
--> statement-breakpoint
ALTER POLICY member_status_history_select ON member_status_history
  USING (
    COALESCE(unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), '')::int[])::int[]), false)
    OR EXISTS (SELECT 1 FROM members m WHERE m.id = member_status_history.member_id)
  );
--> statement-breakpoint
ALTER POLICY member_status_history_insert ON member_status_history
  WITH CHECK (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]));
--> statement-breakpoint
ALTER POLICY member_status_history_update ON member_status_history
  USING (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]))
  WITH CHECK (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]));
--> statement-breakpoint
ALTER POLICY member_status_history_delete ON member_status_history
  USING (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[]));
--> statement-breakpoint
ALTER POLICY member_bank_accounts_select ON member_bank_accounts
  USING (EXISTS (SELECT 1 FROM members m WHERE m.id = member_bank_accounts.member_id
    AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.finance_units', true), '')::int[])::int[])));
--> statement-breakpoint
ALTER POLICY member_bank_accounts_write ON member_bank_accounts
  USING (EXISTS (SELECT 1 FROM members m WHERE m.id = member_bank_accounts.member_id
    AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.finance_units', true), '')::int[])::int[])
    AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[])))
  WITH CHECK (EXISTS (SELECT 1 FROM members m WHERE m.id = member_bank_accounts.member_id
    AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.finance_units', true), '')::int[])::int[])
    AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), '')::int[])::int[])));
--> statement-breakpoint
ALTER POLICY member_transfers_select ON member_transfers
  USING (from_unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), '')::int[])::int[])
      OR to_unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), '')::int[])::int[]));
