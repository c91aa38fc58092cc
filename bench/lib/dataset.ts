import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '@/server/db/database';

/** Where a benchmark data set lives and how the server and the CLI reach it. */
export interface Dataset {
  kind: 'pglite' | 'postgres';
  members: number;
  /** DATABASE_URL or DATA_DIR for the server and the CLI. */
  env: Record<string, string>;
  /** The database name (PostgreSQL) or the data folder (PGlite). */
  name: string;
  adminUrl: string | null;
  /** Seconds the demo generator took; null when an existing data set was reused. */
  buildSeconds: number | null;
  /** Seconds spent filling search keys the generator left empty (null: none were missing). */
  keySeconds: number | null;
}

export const benchRoot = path.resolve(import.meta.dirname, '..');
/** Where builds, data folders, logs and figures go (--out; default bench/out, git-ignored). */
export const out = { dir: path.join(benchRoot, 'out') };

/** Runs the server bundle's CLI with the data set's environment; resolves with its exit code. */
export function runCli(
  bundle: string,
  args: string[],
  env: Record<string, string>,
  options: { quiet?: boolean } = {},
): Promise<{ code: number; stdout: string; stderr: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bundle, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.length > 1_000_000) stderr = stderr.slice(-100_000);
      if (!options.quiet) process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? 1, stdout, stderr, seconds: (performance.now() - started) / 1000 }),
    );
  });
}

async function adminQuery<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

async function memberCount(dataset: Dataset): Promise<number | null> {
  try {
    const db = await openBenchDatabase(dataset);
    try {
      const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM members');
      return rows[0]?.n ?? null;
    } finally {
      await db.close();
    }
  } catch {
    return null;
  }
}

/** Where the data set of this kind and size lives (built or not). */
export function datasetFor(kind: 'pglite' | 'postgres', members: number, postgresUrl: string): Dataset {
  const name = kind === 'postgres' ? `bench_m${members}` : path.join(out.dir, `pglite-m${members}`);
  return {
    kind,
    members,
    name,
    env: kind === 'postgres' ? { DATABASE_URL: `${postgresUrl}/${name}` } : { DATA_DIR: name },
    adminUrl: kind === 'postgres' ? `${postgresUrl}/postgres` : null,
    buildSeconds: null,
    keySeconds: null,
  };
}

/**
 * A fresh data set of `members` demo members (seed 1): a new PostgreSQL database or PGlite data
 * folder, filled by `servicestelle demo`. With `reuse`, a kept one of the same size is taken as is.
 */
export async function prepareDataset(options: {
  kind: 'pglite' | 'postgres';
  members: number;
  postgresUrl: string;
  bundle: string;
  reuse: boolean;
  log: (line: string) => void;
}): Promise<Dataset> {
  const { kind, members } = options;
  const dataset = datasetFor(kind, members, options.postgresUrl);
  const name = dataset.name;
  const exists =
    kind === 'postgres'
      ? (await adminQuery(dataset.adminUrl!, `SELECT 1 FROM pg_database WHERE datname = '${name}'`)).length >
        0
      : existsSync(name);
  if (options.reuse && exists && (await memberCount(dataset)) === members) {
    options.log(`reusing the data set ${name}`);
  } else {
    await dropDataset(dataset);
    if (kind === 'postgres') await adminQuery(dataset.adminUrl!, `CREATE DATABASE ${name}`);
    options.log(`building the data set: servicestelle demo --members ${members} --seed 1 (${kind})`);
    const result = await runCli(
      options.bundle,
      ['demo', '--members', String(members), '--seed', '1'],
      dataset.env,
    );
    if (result.code !== 0) throw new Error(`demo failed (${result.code}): ${result.stderr.slice(-2000)}`);
    dataset.buildSeconds = result.seconds;
    process.stderr.write('\n');
  }
  dataset.keySeconds = await ensureSearchKeys(dataset, options.log);
  // Also a reused one: an earlier run's import left dead rows that a live database's autovacuum
  // would have removed by now.
  await settle(dataset);
  return dataset;
}

/**
 * Search keys the data set lacks are filled with the member module's bulk function (the same
 * code every bulk loader is meant to use). Null when none were missing.
 */
async function ensureSearchKeys(dataset: Dataset, log: (line: string) => void): Promise<number | null> {
  const db = await openBenchDatabase(dataset);
  try {
    const missing = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM members WHERE name_keys IS NULL',
    );
    if ((missing[0]?.n ?? 0) === 0) return null;
    log(`filling search keys of ${missing[0]!.n} members (the demo left them empty)`);
    const { refreshSearchKeys } = await import('@/server/modules/members/members.service');
    const started = performance.now();
    await refreshSearchKeys(db);
    await db.exec('ANALYZE members, member_name_terms');
    return (performance.now() - started) / 1000;
  } finally {
    await db.close();
  }
}

/**
 * The steady state of a live database: autovacuum has set the visibility map (index-only scans,
 * e.g. exact counts, need it), dead rows are gone and the statistics are current.
 */
async function settle(dataset: Dataset): Promise<void> {
  const db = await openBenchDatabase(dataset);
  try {
    await db.exec('VACUUM (ANALYZE)');
  } finally {
    await db.close();
  }
}

export function openBenchDatabase(dataset: Dataset): Promise<Database> {
  return dataset.kind === 'postgres'
    ? openDatabase({ databaseUrl: dataset.env.DATABASE_URL!, poolSize: 4 })
    : openDatabase({ dataDir: dataset.env.DATA_DIR! });
}

export async function dropDataset(dataset: Dataset): Promise<void> {
  if (dataset.kind === 'postgres') {
    await adminQuery(dataset.adminUrl!, `DROP DATABASE IF EXISTS ${dataset.name} WITH (FORCE)`);
  } else {
    rmSync(dataset.name, { recursive: true, force: true });
  }
}

/**
 * Waits until PostgreSQL has no autovacuum worker running (at most maxSeconds), then takes a
 * checkpoint: the import and its COPY are measured on a database that is not still cleaning up
 * after the latency scenarios (thousands of audit entries) or after each other. Returns the
 * seconds waited. PGlite has no background workers: nothing to wait for.
 */
export async function waitForQuiet(dataset: Dataset, maxSeconds = 180): Promise<number> {
  if (dataset.kind !== 'postgres') return 0;
  const url = dataset.env.DATABASE_URL!;
  const started = performance.now();
  let quietSince: number | null = null;
  while ((performance.now() - started) / 1000 < maxSeconds) {
    const [row] = await adminQuery<{ n: number }>(
      url,
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'",
    );
    if ((row?.n ?? 0) === 0) {
      quietSince ??= performance.now();
      if (performance.now() - quietSince >= 2000) break;
    } else quietSince = null;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await adminQuery(url, 'CHECKPOINT');
  return (performance.now() - started) / 1000;
}
