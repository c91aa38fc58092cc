import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configVariables } from '@/server/config';

/**
 * Proves that the benchmark works end to end on a small data set: demo data, the real server as
 * its own process, the load process, import, duplicate scan and the report. It asserts that every
 * scenario ran and that no request failed, never how fast anything was (timings on a shared CI
 * machine mean nothing); the figures are made with `npm run bench` (bench/results.md).
 */
const root = path.resolve(import.meta.dirname, '../..');
const outDir = mkdtempSync(path.join(tmpdir(), 'servicestelle-bench-'));

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

interface Row {
  scenario: string;
  latency?: { count: number; errors: number };
  pass: boolean | null;
  note: string;
}

function bench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !configVariables.includes(key) && key !== 'NODE_OPTIONS'),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bench/run.ts', ...args],
      { cwd: root, env, maxBuffer: 64 * 1024 * 1024, timeout: 900_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run bench (smoke)', () => {
  it('runs every scenario against PGlite with 10,000 members without a failed request', async () => {
    const result = await bench([
      '--members',
      '10000',
      '--db',
      'pglite',
      '--smoke',
      '--port',
      '3209',
      '--out',
      outDir,
      // CI checks out one commit; developers running the tests want their changes measured.
      '--working-tree',
    ]);
    expect(result.code, result.stderr.slice(-3000)).toBe(0);

    const file = readdirSync(outDir).find((f) => /^bench-pglite-10000-.*\.json$/.test(f));
    expect(file, 'the figures file').toBeDefined();
    const report = JSON.parse(readFileSync(path.join(outDir, file!), 'utf8')) as { rows: Row[] };
    const rows = new Map(report.rows.map((r) => [r.scenario, r]));

    // The latency scenarios the member file serves today ran and every request succeeded.
    for (const name of [
      'http-floor',
      'search-kv',
      'search-state',
      'list-first-page',
      'list-filtered-sorted',
      'list-deep-page',
      'member-detail',
    ]) {
      const row = rows.get(name);
      expect(row?.latency?.count, `${name}: ${row?.note ?? 'missing'}`).toBeGreaterThan(0);
      expect(row?.latency?.errors, `${name}: ${row?.note}`).toBe(0);
    }
    // Every other scenario has a row: measured, or skipped with its reason.
    for (const name of [
      'stats-state',
      'stats-kv',
      'stats-asof',
      'import',
      'export',
      'duplicates-scan',
      'pglite',
    ]) {
      expect(rows.has(name), name).toBe(true);
    }
    for (const name of ['import', 'duplicates-scan', 'pglite']) {
      expect(rows.get(name)!.note, name).not.toMatch(/^skipped/);
    }
    // The table on standard output names every scenario.
    for (const name of rows.keys()) expect(result.stdout).toContain(name);
  }, 900_000);
});
