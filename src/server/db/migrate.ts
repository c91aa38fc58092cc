import { readFileSync } from 'node:fs';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { Database } from '@/server/db/database';
import { projectPath } from '@/server/platform/paths';

export const migrationsFolder = projectPath('migrations');

/** Arbitrary but fixed: instances starting together take turns migrating. */
const MIGRATION_LOCK_KEY = 7_345_001;

interface Journal {
  entries: { idx: number; tag: string }[];
}

export function journal(): Journal {
  return JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as Journal;
}

/** Applies every committed migration that the database lacks. Safe to run concurrently. */
export async function runMigrations(database: Database): Promise<{ applied: number; total: number }> {
  return database.withLock(MIGRATION_LOCK_KEY, async () => {
    const before = await appliedMigrationCount(database);
    if (database.kind === 'postgres') {
      await migratePg(database.db as unknown as NodePgDatabase, { migrationsFolder });
    } else {
      await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    }
    const after = await appliedMigrationCount(database);
    return { applied: after - before, total: after };
  });
}

export async function appliedMigrationCount(database: Database): Promise<number> {
  const exists = await database.query<{ present: boolean }>(
    `SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS present`,
  );
  if (!exists[0]?.present) return 0;
  const rows = await database.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations',
  );
  return rows[0]?.n ?? 0;
}

/** Ready means: the database answers and every committed migration is applied. */
export async function migrationStatus(database: Database): Promise<{ applied: number; expected: number }> {
  return { applied: await appliedMigrationCount(database), expected: journal().entries.length };
}
