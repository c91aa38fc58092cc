import type { Database, Sql } from '@/server/db/database';
import { unitIdsWith, type Actor } from '@/server/platform/scope';

/**
 * The database role every scoped transaction switches to: NOLOGIN, no BYPASSRLS, owns nothing,
 * so PostgreSQL's row-level security applies to it (created in migration 0003).
 */
export const APP_ROLE = 'servicestelle_app';

export type { Sql } from '@/server/db/database';

/** A transaction that carries the acting user's scope. */
export interface ScopedTx extends Sql {
  /** Who acts; null for work that no signed-in account triggered (failed logins, the CLI). */
  readonly actor: Actor | null;
}

/** A whole number as SQL text; anything else is refused, as it is inlined. */
const whole = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`not a whole number: ${n}`);
  return String(n);
};
/** A PostgreSQL array literal of whole numbers, quoted for inlining. */
const intArray = (ids: readonly number[]) => `'{${ids.map(whole).join(',')}}'`;

/**
 * Runs fn in one transaction as the application role with the actor's scope:
 *
 *   SET LOCAL ROLE servicestelle_app;
 *   app.user_id       the acting account (empty for none)
 *   app.read_units    unit ids where the actor holds member:read (whole subtrees), e.g. {1,2,3}
 *   app.write_units   ... member:update
 *   app.finance_units ... member:finance:read
 *   app.read_all      'on' when app.read_units holds every unit
 *
 * All settings are transaction-local, so a pooled connection never carries one request's scope
 * into the next. The row-level security policies on the member tables read these settings: even a
 * query that forgot its scope filter cannot reach a member outside the actor's units.
 * Do not nest calls: pass `tx` down instead (PGlite has one connection).
 */
export async function withScope<T>(
  database: Database,
  actor: Actor | null,
  fn: (tx: ScopedTx) => Promise<T>,
): Promise<T> {
  const userId = actor ? whole(actor.userId) : '';
  const readUnits = intArray(unitIdsWith(actor, 'member:read'));
  // Sent with BEGIN in one round trip, so the values are inlined (whole numbers only, checked
  // by whole()). set_config('role', …, true) is SET LOCAL ROLE. app.read_all: the read scope holds
  // every unit, so the members read policy need not compare each row's unit (migration 0009).
  const setup = `SELECT set_config('app.user_id', '${userId}', true),
      set_config('app.read_units', ${readUnits}, true),
      set_config('app.write_units', ${intArray(unitIdsWith(actor, 'member:update'))}, true),
      set_config('app.finance_units', ${intArray(unitIdsWith(actor, 'member:finance:read'))}, true),
      set_config('app.read_all', CASE WHEN ${readUnits}::int[] <> '{}' AND NOT EXISTS (
        SELECT 1 FROM units u WHERE u.id <> ALL (${readUnits}::int[])) THEN 'on' ELSE '' END, true),
      set_config('role', '${APP_ROLE}', true)`;
  return database.transaction((tx) => fn({ query: tx.query, actor }), { setup });
}

/** A transaction as the application role without any member scope (accounts, sessions, audit). */
export function withAppRole<T>(database: Database, fn: (tx: ScopedTx) => Promise<T>): Promise<T> {
  return withScope(database, null, fn);
}

/**
 * A transaction on the owner connection, for the operator's CLI: it runs with the database's own
 * credentials, so row-level security (which guards what signed-in accounts see) does not apply;
 * the audit entries name the operator instead of an account.
 */
export function withOwnerTx<T>(database: Database, fn: (tx: ScopedTx) => Promise<T>): Promise<T> {
  return database.transaction((tx) => fn({ query: tx.query, actor: null }));
}
