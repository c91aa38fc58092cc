import pg from 'pg';
import { to as copyTo, from as copyFrom } from 'pg-copy-streams';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database } from '@/server/db/database';
import { buildUnits, generateMembers, type DemoMember } from '@/server/modules/demo/demo-generator';
import { loadDemoReference } from '@/server/modules/demo/demo-reference';
import { searchKeyCopyValues } from '@/server/modules/members/members.service';
import type { Dataset } from './dataset';
import type { HttpClient } from './http';

// ---------------------------------------------------------------------------------------------
// Import: a CSV of new people through the real path (upload, mapping, background job), and the
// same rows through COPY into the same tables (in a transaction that is rolled back).

/** New people (seed 7: not the data set's), in the demo's distribution. */
export function importPeople(rows: number): DemoMember[] {
  const reference = loadDemoReference();
  const units = buildUnits(reference);
  return [...generateMembers(reference, units, { members: rows, seed: 7, asOf: '2026-11-01' })];
}

const csvHeader = [
  'Anrede',
  'Titel',
  'Vorname',
  'Nachname',
  'Geburtsdatum',
  'Straße',
  'Hausnummer',
  'PLZ',
  'Ort',
  'E-Mail',
  'Telefon',
  'Eintrittsdatum',
  'Bemerkung',
];

export const importMapping = {
  columns: {
    Anrede: 'salutation',
    Titel: 'title',
    Vorname: 'firstName',
    Nachname: 'lastName',
    Geburtsdatum: 'birthdate',
    Straße: 'street',
    Hausnummer: 'houseNumber',
    PLZ: 'postcode',
    Ort: 'city',
    'E-Mail': 'email',
    Telefon: 'phone',
    Eintrittsdatum: 'entryDate',
    Bemerkung: 'notes',
  },
  defaults: { status: 'member' },
} as const;

const german = (iso: string | null) => (iso ? iso.split('-').reverse().join('.') : '');
const csvCell = (v: string | null) => {
  const s = v ?? '';
  return /[;"\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The CSV as an office exports it: UTF-8 with BOM, `;`, German dates. `tag` makes the file unique. */
export function importCsv(people: readonly DemoMember[], tag: string): Buffer {
  const lines = [csvHeader.join(';')];
  for (const p of people) {
    lines.push(
      [
        p.salutation,
        p.title,
        p.firstName,
        p.lastName,
        german(p.birthdate),
        p.street,
        p.houseNumber,
        p.postcode,
        p.city,
        p.email,
        p.phone,
        german(p.entryDate ?? '2026-10-01'),
        `Benchmark ${tag}`,
      ]
        .map(csvCell)
        .join(';'),
    );
  }
  return Buffer.from('\ufeff' + lines.join('\r\n') + '\r\n', 'utf8');
}

export interface ImportFigures {
  rows: number;
  imported: number;
  rejected: number;
  duplicates: number;
  /** Upload of the file (parsing, detection, mapping suggestion). */
  uploadSeconds: number;
  /** The job from its start to its end (server clock). */
  jobSeconds: number;
  /** From the start request to the finished job as the client saw it (includes queue pick-up). */
  wallSeconds: number;
  rowsPerSecond: number;
  copySeconds: number;
  copyRowsPerSecond: number;
  /** Seconds waited for a quiet database before the import and before COPY (see waitForQuiet()). */
  settledSeconds?: [number, number];
  /** rowsPerSecond / copyRowsPerSecond. */
  ratio: number;
}

interface JobView {
  id: string;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: { message: string } | null;
  summary: { rows: number; imported: number; rejected: number; duplicates: number } | null;
}

export async function runImport(
  client: HttpClient,
  token: string,
  csv: Buffer,
  log: (line: string) => void,
): Promise<Omit<ImportFigures, 'copySeconds' | 'copyRowsPerSecond' | 'ratio'>> {
  const upload = await client.json<{ fileId: string }>({
    method: 'POST',
    path: '/api/v1/imports/files',
    token,
    headers: { 'content-type': 'text/csv', 'x-file-name': 'bench-import.csv' },
    body: csv,
  });
  if (upload.status !== 200) throw new Error(`upload: ${upload.status} ${JSON.stringify(upload.body)}`);
  const started = performance.now();
  const start = await client.json<JobView>({
    method: 'POST',
    path: '/api/v1/imports',
    token,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fileId: upload.body.fileId, mapping: importMapping, dryRun: false }),
  });
  if (start.status !== 202) throw new Error(`start: ${start.status} ${JSON.stringify(start.body)}`);
  let job = start.body;
  let lastLog = 0;
  while (!['completed', 'failed', 'cancelled'].includes(job.status)) {
    await new Promise((r) => setTimeout(r, 100));
    const res = await client.json<JobView & { progress?: { done: number; total: number | null } }>({
      path: `/api/v1/imports/${job.id}`,
      token,
    });
    if (res.status !== 200) throw new Error(`poll: ${res.status} ${JSON.stringify(res.body)}`);
    job = res.body;
    if (performance.now() - lastLog > 10_000 && res.body.progress) {
      lastLog = performance.now();
      log(`  import: ${res.body.progress.done}/${res.body.progress.total ?? '?'}`);
    }
  }
  const wallSeconds = (performance.now() - started) / 1000;
  if (job.status !== 'completed' || !job.summary) {
    throw new Error(`import ${job.status}: ${job.error?.message ?? 'no summary'}`);
  }
  const jobSeconds =
    job.startedAt && job.finishedAt
      ? (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000
      : wallSeconds;
  return {
    rows: job.summary.rows,
    imported: job.summary.imported,
    rejected: job.summary.rejected,
    duplicates: job.summary.duplicates,
    uploadSeconds: upload.millis / 1000,
    jobSeconds,
    wallSeconds,
    rowsPerSecond: job.summary.rows / jobSeconds,
  };
}

const copyField = (v: string | number | null) =>
  v === null ? '\\N' : String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');

const memberCopyColumns = [
  'id',
  'salutation',
  'title',
  'first_name',
  'last_name',
  'birthdate',
  'gender',
  'street',
  'house_number',
  'postcode',
  'city',
  'email',
  'phone',
  'entry_date',
  'unit_id',
  'status',
  'notes',
  'name_keys',
  'last_name_key',
  'first_name_key',
  'address_key',
];

/**
 * The same people as COPY into members and member_status_history (with their search keys, as
 * the import writes them), in one transaction that is rolled back: the data set stays as it was.
 */
export async function copyImportRows(
  dataset: Dataset,
  db: Database,
  people: readonly DemoMember[],
): Promise<number> {
  const firstId = 1_000_000_000;
  const memberLines = function* () {
    let chunk = '';
    for (let i = 0; i < people.length; i++) {
      const p = people[i]!;
      const fields = [
        firstId + i,
        p.salutation,
        p.title,
        p.firstName,
        p.lastName,
        p.birthdate,
        p.gender,
        p.street,
        p.houseNumber,
        p.postcode,
        p.city,
        p.email,
        p.phone,
        p.entryDate ?? '2026-10-01',
        p.unitId,
        'member',
        'Benchmark',
      ].map(copyField);
      chunk += [...fields, ...searchKeyCopyValues(p)].join('\t') + '\n';
      if (chunk.length > 500_000) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  };
  const historyLines = function* () {
    let chunk = '';
    for (let i = 0; i < people.length; i++) {
      const p = people[i]!;
      chunk += [firstId + i, 'member', p.unitId, p.entryDate ?? '2026-10-01', 'Import'].join('\t') + '\n';
      if (chunk.length > 500_000) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  };
  const historyColumns = ['member_id', 'status', 'unit_id', 'valid_from', 'reason'];
  if (dataset.kind === 'postgres') {
    const client = new pg.Client({ connectionString: dataset.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query('BEGIN');
      const started = performance.now();
      await pipeline(
        Readable.from(memberLines()),
        client.query(copyFrom(`COPY members (${memberCopyColumns.join(', ')}) FROM STDIN`)),
      );
      await pipeline(
        Readable.from(historyLines()),
        client.query(copyFrom(`COPY member_status_history (${historyColumns.join(', ')}) FROM STDIN`)),
      );
      const seconds = (performance.now() - started) / 1000;
      await client.query('ROLLBACK');
      return seconds;
    } finally {
      await client.end();
    }
  }
  // PGlite: one connection, so BEGIN … ROLLBACK around its COPY works the same way.
  await db.exec('BEGIN');
  try {
    const started = performance.now();
    await db.copyRows('members', memberCopyColumns, memberLines());
    await db.copyRows('member_status_history', historyColumns, historyLines());
    return (performance.now() - started) / 1000;
  } finally {
    await db.exec('ROLLBACK');
  }
}

/** Removes what a benchmark import added (so that a kept data set stays the size it was built with). */
export async function removeImported(db: Database, aboveId: number): Promise<void> {
  await db.query('DELETE FROM members WHERE id > $1', [aboveId]);
}

// ---------------------------------------------------------------------------------------------
// Export baseline: COPY … TO of the same rows.

export async function copyOut(dataset: Dataset, db: Database, select: string): Promise<number> {
  if (dataset.kind === 'postgres') {
    const client = new pg.Client({ connectionString: dataset.env.DATABASE_URL });
    await client.connect();
    try {
      const started = performance.now();
      await pipeline(
        client.query(copyTo(`COPY (${select}) TO STDOUT (FORMAT csv, HEADER, DELIMITER ';')`)),
        new Writable({ write: (_chunk, _enc, cb) => cb() }),
      );
      return (performance.now() - started) / 1000;
    } finally {
      await client.end();
    }
  }
  const started = performance.now();
  await db.query(`COPY (${select}) TO '/dev/blob' (FORMAT csv, HEADER, DELIMITER ';')`);
  return (performance.now() - started) / 1000;
}
