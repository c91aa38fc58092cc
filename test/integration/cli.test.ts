import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configVariables } from '@/server/config';
import { JOB_QUEUES } from '@/server/app';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';

const root = path.resolve(import.meta.dirname, '../..');
const tempDirs: string[] = [];

function freshDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'servicestelle-cli-'));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `servicestelle <args>` from the sources (through tsx, so no build is needed). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Result> {
  // Start from a clean slate: no configuration leaks in from the shell that runs the tests.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !configVariables.includes(key) && key !== 'NODE_OPTIONS'),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      {
        cwd: root,
        env: { ...base, NO_COLOR: '1', LOG_LEVEL: 'warn', DATA_DIR: freshDataDir(), ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

// Each case starts its own process; they share nothing, so they may run side by side.
describe.concurrent('servicestelle CLI', () => {
  it('stops with exit code 78 and one line naming the variable when the configuration is wrong', async () => {
    const result = await cli(['serve'], { PORT: 'abc' });
    expect(result.code).toBe(78);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/\bPORT\b.*whole number/);
  });

  it('stops with exit code 69 and one line when the database cannot be reached', async () => {
    const result = await cli(['serve'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' });
    expect(result.code).toBe(69);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toContain('127.0.0.1:1');
  });

  it('answers an unknown command with exit code 64', async () => {
    const result = await cli(['nonsense']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain("unknown command 'nonsense'");
  });

  it('answers an unknown option with exit code 64', async () => {
    const result = await cli(['migrate', '--no-such-option']);
    expect(result.code).toBe(64);
  });

  it.each(['serve', 'migrate', 'demo'])('shows help for %s and exits 0', async (command) => {
    const result = await cli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: servicestelle ${command}`);
    expect(result.stderr).toBe('');
  });
});

describe.each(databaseKinds)('servicestelle migrate on %s', (kind) => {
  let testDb: TestDatabase | undefined;
  afterAll(async () => {
    await testDb?.drop();
  });

  it('applies the migrations to a fresh database, and then finds it up to date', async () => {
    const env: Record<string, string> = { DATA_DIR: freshDataDir() };
    if (kind === 'postgres') {
      testDb = await createTestDatabase('postgres', { migrate: false });
      env.DATABASE_URL = testDb.url!;
    }
    const first = await cli(['migrate'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const applied = /Applied (\d+) migration\(s\); (\d+) in total/.exec(first.stdout);
    expect(applied, first.stdout).not.toBeNull();
    expect(Number(applied![1])).toBeGreaterThan(0);
    expect(applied![1]).toBe(applied![2]);

    const second = await cli(['migrate'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`Database is up to date (${applied![2]} migrations)`);

    if (kind === 'postgres') {
      // The job queue's schema and the server's queues, usable by the application role.
      const queues = await testDb!.database.query<{ name: string }>(
        'SELECT name FROM pgboss.queue ORDER BY name',
      );
      expect(queues.map((q) => q.name)).toEqual([...JOB_QUEUES].sort());
      const [grant] = await testDb!.database.query<{ ok: boolean }>(
        `SELECT has_table_privilege('servicestelle_app', 'pgboss.job', 'INSERT, UPDATE, DELETE') AS ok`,
      );
      expect(grant!.ok).toBe(true);
    }
  });
});
