import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/server/db/database';
import { runMigrations } from '@/server/db/migrate';
import { loadDemo } from '@/server/modules/demo/demo.service';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';

const ROWS = 20_000;
const root = path.resolve(import.meta.dirname, '../..');
const firstNames = ['Anna', 'Ben', 'Clara', 'David', 'Emma', 'Felix', 'Greta', 'Hannes', 'Ida', 'Jonas'];

/** ROWS distinct, valid people in Fulda (the unit follows from the postcode). */
function writeFile(file: string): void {
  const lines = ['Vorname;Nachname;Geburtsdatum;Straße;PLZ;Ort;E-Mail'];
  for (let i = 0; i < ROWS; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((Math.floor(i / 28) % 12) + 1).padStart(2, '0');
    const year = 1940 + (Math.floor(i / 336) % 60);
    lines.push(
      `${firstNames[i % 10]};Muster${i.toString(36)};${day}.${month}.${year};Bahnhofstraße ${(i % 200) + 1};36037;Fulda;p${i}@example.org`,
    );
  }
  writeFileSync(file, lines.join('\r\n') + '\r\n');
}

/** The test process's environment without what vitest adds for Vite (BASE_URL="/" would be a bad config). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR']) delete env[key];
  return env;
}

/** Runs the CLI; resolves with its exit code and output. `onStderr` may kill it. */
function cli(
  args: string[],
  env: Record<string, string>,
  onStderr?: (text: string, kill: () => void) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: root,
      env: { ...cleanEnv(), LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      onStderr?.(stderr, () => child.kill('SIGKILL'));
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe.each(databaseKinds)('an import killed mid-run on %s', (kind) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'servicestelle-crash-'));
  let testDb: TestDatabase | undefined;
  afterAll(async () => {
    await testDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** PGlite: the CLI owns the data folder while it runs, so the test opens it only in between. */
  async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
    if (testDb) return fn(testDb.database);
    const database = await openDatabase({ dataDir: path.join(dir, 'data') });
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  }

  it(
    'resumes with SIGKILL in between and holds every valid row exactly once',
    { timeout: 300_000 },
    async () => {
      const env: Record<string, string> = { DATA_DIR: path.join(dir, 'data') };
      if (kind === 'postgres') {
        testDb = await createTestDatabase('postgres');
        env.DATABASE_URL = testDb.url!;
      }
      await withDatabase(async (database) => {
        await runMigrations(database);
        await loadDemo(database, { members: 0, seed: 1 });
      });
      const file = path.join(dir, 'members.csv');
      writeFile(file);

      // First run: killed as soon as the first batch has been written.
      const first = await cli(['import', 'members', file], env, (text, kill) => {
        if (text.includes('Importieren:')) kill();
      });
      expect(first.signal, first.stderr + first.stdout).toBe('SIGKILL');
      const partial = await withDatabase((db) =>
        db.query<{ rows: number; members: number }>(
          `SELECT (SELECT count(*)::int FROM import_rows) AS rows, (SELECT count(*)::int FROM members) AS members`,
        ),
      );
      expect(partial[0]!.rows).toBeGreaterThan(0);
      expect(partial[0]!.rows).toBeLessThan(ROWS);
      expect(partial[0]!.members).toBe(partial[0]!.rows);

      // Second run of the same command: picks up the same job and finishes it.
      const second = await cli(['import', 'members', file], env);
      expect(second.stderr).toContain('resuming that import');
      expect(second.code).toBe(0);
      expect(second.stdout).toContain(`${ROWS} rows: ${ROWS} imported, 0 rejected, 0 duplicates`);

      const final = await withDatabase((db) =>
        db.query<{ members: number; emails: number; rows: number; imported: number }>(
          `SELECT (SELECT count(*)::int FROM members) AS members,
                (SELECT count(DISTINCT email)::int FROM members) AS emails,
                (SELECT count(*)::int FROM import_rows) AS rows,
                (SELECT count(*)::int FROM import_rows WHERE outcome = 'imported' AND member_id IS NOT NULL) AS imported`,
        ),
      );
      expect(final[0]).toEqual({ members: ROWS, emails: ROWS, rows: ROWS, imported: ROWS });
    },
  );
});
