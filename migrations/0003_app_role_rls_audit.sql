-- The application role, row-level security on the member data and the append-only audit trail.
-- See docs/security.md and docs/adr/0010-row-level-security-with-scoped-transactions.md.
--
-- servicestelle_app: NOLOGIN, no BYPASSRLS, owns nothing. Every request's transaction switches to it
-- (SET LOCAL ROLE) and sets app.read_units / app.write_units / app.finance_units, which the policies
-- below read. Roles are cluster-wide on PostgreSQL, so creating it must be idempotent (and must not
-- fail when two databases of one cluster migrate at the same moment).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'servicestelle_app') THEN
    BEGIN
      CREATE ROLE servicestelle_app NOLOGIN NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
  -- The migrating role (the owner) must be able to SET ROLE to it; superusers always can.
  IF NOT pg_has_role(current_user, 'servicestelle_app', 'MEMBER') THEN
    EXECUTE format('GRANT servicestelle_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO servicestelle_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO servicestelle_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO servicestelle_app;
--> statement-breakpoint
-- Tables that later migrations create get the same privileges. A table holding member data must
-- also enable row-level security (test/integration/rls.test.ts fails on one that does not).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO servicestelle_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO servicestelle_app;
--> statement-breakpoint
-- The audit trail: the application may only append and read.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_checkpoints FROM servicestelle_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
-- Row-level security on the member data. `(SELECT ...)` makes PostgreSQL evaluate the setting once
-- per query (an InitPlan) instead of once per row, and `unit_id = ANY (...)` can drive the
-- (unit_id, status) index. NULLIF: a setting that was only ever set transaction-locally reads as ''.
ALTER TABLE members ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY members_select ON members FOR SELECT TO servicestelle_app
  USING (unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), ''))::int[]));
--> statement-breakpoint
CREATE POLICY members_insert ON members FOR INSERT TO servicestelle_app
  WITH CHECK (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[]));
--> statement-breakpoint
CREATE POLICY members_update ON members FOR UPDATE TO servicestelle_app
  USING (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[]))
  WITH CHECK (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[]));
--> statement-breakpoint
CREATE POLICY members_delete ON members FOR DELETE TO servicestelle_app
  USING (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[]));
--> statement-breakpoint
-- Status history: visible in the unit it was recorded for, and with the member it belongs to
-- (the subquery on members is itself subject to the members policies).
ALTER TABLE member_status_history ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY member_status_history_select ON member_status_history FOR SELECT TO servicestelle_app
  USING (
    unit_id = ANY ((SELECT NULLIF(current_setting('app.read_units', true), ''))::int[])
    OR EXISTS (SELECT 1 FROM members m WHERE m.id = member_status_history.member_id)
  );
--> statement-breakpoint
CREATE POLICY member_status_history_insert ON member_status_history FOR INSERT TO servicestelle_app
  WITH CHECK (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[]));
--> statement-breakpoint
CREATE POLICY member_status_history_update ON member_status_history FOR UPDATE TO servicestelle_app
  USING (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[]))
  WITH CHECK (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[]));
--> statement-breakpoint
CREATE POLICY member_status_history_delete ON member_status_history FOR DELETE TO servicestelle_app
  USING (unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[]));
--> statement-breakpoint
-- Bank data: only where the actor holds member:finance:read (writes: and member:update).
ALTER TABLE member_bank_accounts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY member_bank_accounts_select ON member_bank_accounts FOR SELECT TO servicestelle_app
  USING (EXISTS (
    SELECT 1 FROM members m
    WHERE m.id = member_bank_accounts.member_id
      AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.finance_units', true), ''))::int[])
  ));
--> statement-breakpoint
CREATE POLICY member_bank_accounts_write ON member_bank_accounts FOR ALL TO servicestelle_app
  USING (EXISTS (
    SELECT 1 FROM members m
    WHERE m.id = member_bank_accounts.member_id
      AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.finance_units', true), ''))::int[])
      AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[])
  ))
  WITH CHECK (EXISTS (
    SELECT 1 FROM members m
    WHERE m.id = member_bank_accounts.member_id
      AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.finance_units', true), ''))::int[])
      AND m.unit_id = ANY ((SELECT NULLIF(current_setting('app.write_units', true), ''))::int[])
  ));
