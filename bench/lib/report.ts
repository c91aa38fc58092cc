import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { round, type Summary } from './stats';

/** One line of the results: a latency summary or a single figure, its target and the verdict. */
export interface ResultRow {
  scenario: string;
  latency?: Summary;
  /** A figure for non-latency scenarios, e.g. "2,345 rows/s = 61 % of COPY". */
  figure?: string;
  target: string;
  /** null: no target, or the scenario could not run (see note). */
  pass: boolean | null;
  note: string;
  /** Raw numbers for the JSON file. */
  data?: Record<string, unknown>;
}

export interface MachineFacts {
  cores: number;
  cpu: string;
  memoryGb: number;
  node: string;
  postgres: string | null;
  pglite: string;
  loadAverageStart: number[];
  loadAverageEnd?: number[];
}

export function machineFacts(postgresVersion: string | null): MachineFacts {
  let pglite = 'unknown';
  try {
    // The package's exports map hides package.json from require.resolve; its entry point is enough.
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const pkgPath = path.join(entry.slice(0, entry.lastIndexOf('/dist/')), 'package.json');
    pglite = (JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string }).version;
  } catch {
    // leave unknown
  }
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    postgres: postgresVersion,
    pglite,
    loadAverageStart: loadavg().map((n) => round(n, 2)),
  };
}

/** The commit measured: HEAD, marked "+changes" when the working tree was measured and differs. */
export function gitCommit(workingTree: boolean): string {
  try {
    const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    if (!workingTree) return hash;
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
    }).trim();
    return dirty ? `${hash}+changes` : hash;
  } catch {
    return 'unknown';
  }
}

const ms = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '' : `${round(n, 1)}`);
const verdict = (pass: boolean | null) => (pass === null ? '—' : pass ? 'pass' : 'MISS');

/** A plain table for the terminal. */
export function textTable(rows: readonly ResultRow[]): string {
  const head = ['scenario', 'n', 'err', 'median', 'p95', 'p99', 'figure', 'target', 'result'];
  const body = rows.map((r) => [
    r.scenario,
    r.latency ? String(r.latency.count) : '',
    r.latency ? String(r.latency.errors) : '',
    ms(r.latency?.median),
    ms(r.latency?.p95),
    ms(r.latency?.p99),
    r.figure ?? '',
    r.target,
    verdict(r.pass),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.scenario}: ${r.note}`);
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), '', ...notes].join('\n');
}

export interface RunHeader {
  date: string;
  commit: string;
  db: 'pglite' | 'postgres';
  members: number;
  smoke: boolean;
  machine: MachineFacts;
  dataset: string;
  note: string;
}

/** The run as a section of bench/results.md. */
export function markdownSection(header: RunHeader, rows: readonly ResultRow[]): string {
  const m = header.machine;
  const lines = [
    `### ${header.date} · ${header.commit} · ${header.db} · ${header.members.toLocaleString('en')} members${header.smoke ? ' (smoke)' : ''}`,
    '',
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGb} GB, Node ${m.node}, ` +
      `${m.postgres ? `PostgreSQL ${m.postgres}, ` : ''}PGlite ${m.pglite}; ` +
      `load average at start ${m.loadAverageStart.join(' / ')}` +
      (m.loadAverageEnd ? `, at end ${m.loadAverageEnd.join(' / ')}` : '') +
      '.',
    `Data set: ${header.dataset}`,
    ...(header.note ? [`Changes: ${header.note}`] : []),
    '',
    '| scenario | n | err | median ms | p95 ms | p99 ms | figure | target | result | note |',
    '|---|--:|--:|--:|--:|--:|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.latency?.count ?? ''} | ${r.latency?.errors ?? ''} | ${ms(r.latency?.median)} | ${ms(r.latency?.p95)} | ${ms(r.latency?.p99)} | ${r.figure ?? ''} | ${r.target} | ${verdict(r.pass)} | ${r.note.replace(/\|/g, '\\|')} |`,
    ),
    '',
  ];
  return lines.join('\n');
}
