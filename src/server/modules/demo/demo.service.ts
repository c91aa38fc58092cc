// Interim: replaced by the demo generator in the next commits of this change.
import type { Database } from '@/server/db/database';

export interface DemoProgress {
  phase: string;
  done: number;
  total: number;
}
export interface DemoOptions {
  members: number;
  seed: number;
  replace?: boolean;
  onProgress?: (p: DemoProgress) => void;
}
export const demoDefaults = { members: 20_000, seed: 1 };

export async function isDatabaseEmpty(database: Database): Promise<boolean> {
  const rows = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM units');
  return (rows[0]?.n ?? 0) === 0;
}

export async function loadDemo(
  _database: Database,
  _options: DemoOptions,
): Promise<{ units: number; members: number; millis: number }> {
  return { units: 0, members: 0, millis: 0 };
}
