import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '@/server/db/database';
import { unitIdsWith, type Actor } from '@/server/platform/scope';

/**
 * The database role every scoped transaction switches to: NOLOGIN, no BYPASSRLS, owns nothing,
 * so PostgreSQL's row-level security applies to it (created in migration 0003).
 */
export const APP_ROLE = 'servicestelle_app';

/** Anything that runs SQL with positional parameters: the Database, or a ScopedTx. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** A transaction that carries the acting user's scope. */
export interface ScopedTx {
  /** Drizzle inside the transaction. */
  readonly db: Db;
  /** Raw SQL inside the transaction, positional parameters ($1, $2, ...). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Who acts; null for work that no signed-in account triggered (failed logins, the CLI). */
  readonly actor: Actor | null;
}

/** Turns `text` with $1..$n placeholders into a Drizzle SQL object so it runs on the transaction. */
function toSql(text: string, params: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) {
      if (parts[i]) chunks.push(sql.raw(parts[i]!));
    } else {
      const index = Number(parts[i]) - 1;
      if (index < 0 || index >= params.length) throw new Error(`query parameter $${parts[i]} is missing`);
      chunks.push(sql`${params[index]}`);
    }
  }
  return sql.join(chunks);
}

function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

const pgArray = (ids: number[]) => `{${ids.join(',')}}`;

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
  return database.db.transaction(async (drizzleTx) => {
    const db = drizzleTx as unknown as Db;
    const query = async <R>(text: string, params: unknown[] = []): Promise<R[]> => {
      try {
        return rowsOf<R>(await db.execute(toSql(text, params)));
      } catch (error) {
        // Drizzle wraps the driver's error; callers want PostgreSQL's own (message and SQLSTATE code).
        throw (error as { cause?: unknown }).cause instanceof Error
          ? (error as { cause: Error }).cause
          : error;
      }
    };
    // One round trip: the scope settings, then the role (set_config('role', …, true) is
    // SET LOCAL ROLE). app.read_all: the read scope holds every unit, so the members read policy
    // need not compare each row's unit with the array (migration 0009).
    await query(
      `SELECT set_config('app.user_id', $1, true), set_config('app.read_units', $2, true),
              set_config('app.write_units', $3, true), set_config('app.finance_units', $4, true),
              set_config('app.read_all', CASE WHEN $2::int[] <> '{}' AND NOT EXISTS (
                SELECT 1 FROM units u WHERE u.id <> ALL ($2::int[])) THEN 'on' ELSE '' END, true),
              set_config('role', '${APP_ROLE}', true)`,
      [
        actor ? String(actor.userId) : '',
        pgArray(unitIdsWith(actor, 'member:read')),
        pgArray(unitIdsWith(actor, 'member:update')),
        pgArray(unitIdsWith(actor, 'member:finance:read')),
      ],
    );
    return fn({ db, query, actor });
  });
}

/** A transaction as the application role without any member scope (accounts, sessions, audit). */
export function withAppRole<T>(database: Database, fn: (tx: ScopedTx) => Promise<T>): Promise<T> {
  return withScope(database, null, fn);
}
