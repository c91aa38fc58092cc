import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type {
  CsvDelimiter,
  ImportEncoding,
  ImportFile,
  ImportIssue,
  ImportMapping,
  ImportSummary,
  StartImportInput,
} from '@/contracts/imports';
import type { Job } from '@/contracts/jobs';
import type { Database } from '@/server/db/database';
import { withOwnerTx, withScope, type ScopedTx } from '@/server/db/scoped';
import { summariseIds, writeAudit } from '@/server/platform/audit';
import { AppError } from '@/server/platform/errors';
import type { JobContext, JobQueue } from '@/server/platform/jobs';
import type { Logger } from '@/server/platform/logger';
import { can, type Actor } from '@/server/platform/scope';
import * as orgUnits from '@/server/modules/org-units/org-units.service';
import { csvLine, UTF8_BOM } from '@/server/modules/exports/export-format';
import { detectDelimiter, parseCsv, type CsvRecord } from '@/server/modules/imports/import-csv';
import { decodeBytes, examineFile, readText } from '@/server/modules/imports/import-decode';
import { resolveMapping, suggestMapping } from '@/server/modules/imports/import-mapping';
import { checkRow, previewValues, type MemberDraft } from '@/server/modules/imports/import-rows';
import { readXlsx } from '@/server/modules/imports/import-xlsx';
import {
  duplicateKeys,
  type ExistingMember,
  memberImportTarget,
  type MemberImportTarget,
  type PlacedDraft,
} from '@/server/modules/members/member-bulk-write';
import * as repo from '@/server/modules/imports/imports.repository';
import { germanToday } from '@/contracts/dates';

export const IMPORT_JOB = 'members.import';
const BATCH_ROWS = 2000;
const PREVIEW_ROWS = 20;

/** What the import needs around it; app.ts and the CLI build it. */
export interface ImportEnvironment {
  database: Database;
  jobs: JobQueue;
  /** Uploaded files live in DATA_DIR/imports (shared storage when several instances run). */
  dataDir: string;
  log: Logger;
  target?: MemberImportTarget;
  /** The account that started a job, with its scope (null: the operator's CLI). */
  resolveActor?: (userId: number) => Promise<Actor | null>;
}

export interface ImportPayload {
  fileId: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  encoding: ImportEncoding | null;
  delimiter: CsvDelimiter | null;
  mapping: ImportMapping;
  unitCode: string | null;
  dryRun: boolean;
  /** Who runs it, for the audit trail when no account does (the CLI). */
  operator: string | null;
}

const importsDir = (env: Pick<ImportEnvironment, 'dataDir'>) => path.join(env.dataDir, 'imports');
const storedPath = (env: Pick<ImportEnvironment, 'dataDir'>, fileId: string, format: 'csv' | 'xlsx') =>
  path.join(importsDir(env), `${fileId}.${format}`);
const reportPath = (env: Pick<ImportEnvironment, 'dataDir'>, jobId: string) =>
  path.join(importsDir(env), 'reports', `${jobId}.csv`);

// ---------------------------------------------------------------------------------------------
// Files

/** Keeps an uploaded or given file under its SHA-256 and describes it (format, encoding, columns, mapping). */
export async function storeFile(
  env: Pick<ImportEnvironment, 'dataDir'>,
  source: { path: string } | { stream: Readable },
  name: string,
  options: { encoding?: ImportEncoding } = {},
): Promise<ImportFile> {
  const dir = importsDir(env);
  await mkdir(dir, { recursive: true });
  const temporary = path.join(
    dir,
    `.upload-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  );
  try {
    if ('path' in source) await copyFile(source.path, temporary);
    else await pipeline(source.stream, createWriteStream(temporary));
    const facts = await examineFile(temporary);
    if (facts.size === 0) throw new AppError('import.file_invalid', { detail: 'The file is empty.' });
    const format = facts.zip || /\.xlsx$/i.test(name) ? 'xlsx' : 'csv';
    const target = storedPath(env, facts.digest, format);
    await rename(temporary, target);
    // Awaited here, not returned as a promise: otherwise a refusal could reject while the finally
    // block below still waits for the file system, with nobody listening yet (an unhandled rejection).
    return await describeFile(target, {
      fileId: facts.digest,
      name,
      size: facts.size,
      format,
      encoding: format === 'csv' ? (options.encoding ?? facts.encoding) : null,
    });
  } finally {
    await rm(temporary, { force: true });
  }
}

async function describeFile(
  file: string,
  facts: {
    fileId: string;
    name: string;
    size: number;
    format: 'csv' | 'xlsx';
    encoding: ImportEncoding | null;
  },
): Promise<ImportFile> {
  const delimiter = facts.format === 'csv' ? await sniffDelimiter(file, facts.encoding!) : null;
  const head: string[][] = [];
  try {
    for await (const record of records(file, facts.format, facts.encoding, delimiter)) {
      head.push(record.fields);
      if (head.length > 5) break;
    }
  } catch (error) {
    // A broken workbook (or a file named .xlsx that is none) is the file's fault, not the server's.
    if (error instanceof AppError) throw error;
    throw new AppError('import.file_invalid', {
      detail:
        facts.format === 'xlsx'
          ? 'The file is not a readable Excel workbook (.xlsx).'
          : 'The file cannot be read as CSV.',
    });
  }
  const headers = (head[0] ?? []).map((h) => h.trim());
  if (headers.length === 0 || headers.every((h) => h === '')) {
    throw new AppError('import.file_invalid', { detail: 'The file has no header row.' });
  }
  const { mapping, knownFormat } = suggestMapping(headers);
  return {
    fileId: facts.fileId,
    name: facts.name,
    size: facts.size,
    format: facts.format,
    encoding: facts.encoding,
    delimiter,
    headers,
    sample: head.slice(1),
    knownFormat,
    suggestedMapping: mapping,
  };
}

async function sniffDelimiter(file: string, encoding: ImportEncoding): Promise<CsvDelimiter> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return detectDelimiter(decodeBytes(buffer.subarray(0, bytesRead), encoding));
  } finally {
    await handle.close();
  }
}

function records(
  file: string,
  format: 'csv' | 'xlsx',
  encoding: ImportEncoding | null,
  delimiter: CsvDelimiter | null,
): AsyncGenerator<CsvRecord> {
  return format === 'xlsx' ? readXlsx(file) : parseCsv(readText(file, encoding ?? 'utf-8'), delimiter ?? ';');
}

// ---------------------------------------------------------------------------------------------
// Starting, watching, cancelling

export async function startImport(
  env: ImportEnvironment,
  actor: Actor | null,
  input: StartImportInput,
  options: { operator?: string } = {},
): Promise<{ jobId: string; created: boolean }> {
  const file = await findStoredFile(env, input.fileId);
  const described = await describeFile(file.path, {
    fileId: input.fileId,
    name: input.fileId,
    size: (await stat(file.path)).size,
    format: file.format,
    encoding: file.format === 'csv' ? (input.encoding ?? (await examineFile(file.path)).encoding) : null,
  });
  const missing = resolveMapping(described.headers, input.mapping).unknownColumns;
  if (missing.length > 0) {
    throw new AppError('import.file_invalid', {
      detail: `The mapping names columns the file does not have: ${missing.join(', ')}.`,
    });
  }
  if (input.unitCode) {
    const { unit } = await orgUnits.unitByCode(env.database, input.unitCode);
    // Refuse now, not row by row in the job: the rows would all land in a unit the caller may not fill.
    if (actor && !(can(actor, 'member:create', unit.id) && can(actor, 'member:update', unit.id))) {
      throw new AppError('auth.forbidden', { detail: `You may not add members to ${unit.name}.` });
    }
  }
  const payload: ImportPayload = {
    fileId: input.fileId,
    fileName: file.name ?? input.fileId,
    format: file.format,
    encoding: described.encoding,
    delimiter: described.delimiter,
    mapping: input.mapping,
    unitCode: input.unitCode ?? null,
    dryRun: input.dryRun,
    operator: actor ? null : (options.operator ?? 'cli'),
  };
  // One real run per file at a time; dry runs may repeat freely.
  const { id, created } = await env.jobs.enqueue(IMPORT_JOB, payload, {
    ...(input.dryRun ? {} : { singletonKey: input.fileId }),
    createdBy: actor?.userId ?? null,
  });
  return { jobId: id, created };
}

async function findStoredFile(
  env: Pick<ImportEnvironment, 'dataDir'>,
  fileId: string,
): Promise<{ path: string; format: 'csv' | 'xlsx'; name: string | null }> {
  for (const format of ['csv', 'xlsx'] as const) {
    const file = storedPath(env, fileId, format);
    try {
      await stat(file);
      return { path: file, format, name: null };
    } catch {
      // try the next format
    }
  }
  throw new AppError('import.not_found', { detail: `No uploaded file ${fileId}; upload it first.` });
}

/** The import job as its owner sees it; another account's job does not exist for the caller. */
export async function getImport(
  env: Pick<ImportEnvironment, 'jobs'>,
  actor: Actor | null,
  jobId: string,
): Promise<Job & { summary: ImportSummary | null }> {
  const job = await env.jobs.get(jobId);
  if (!job || job.name !== IMPORT_JOB || (actor && job.createdBy !== actor.userId)) {
    throw new AppError('import.not_found', { detail: `There is no import ${jobId} of yours.` });
  }
  return { ...job, summary: (job.result as ImportSummary | null) ?? null };
}

export async function cancelImport(env: Pick<ImportEnvironment, 'jobs'>, actor: Actor | null, jobId: string) {
  await getImport(env, actor, jobId);
  await env.jobs.cancel(jobId);
  return getImport(env, actor, jobId);
}

/** The per-row report as CSV (German Excel: UTF-8 with BOM, semicolons). */
export async function reportFile(
  env: Pick<ImportEnvironment, 'jobs' | 'dataDir'>,
  actor: Actor | null,
  jobId: string,
): Promise<{ path: string; fileName: string }> {
  const job = await getImport(env, actor, jobId);
  if (job.status !== 'completed' && job.status !== 'cancelled') {
    throw new AppError('import.not_found', { detail: 'The report is there once the import has finished.' });
  }
  return { path: reportPath(env, jobId), fileName: `importbericht-${jobId.slice(0, 8)}.csv` };
}

// ---------------------------------------------------------------------------------------------
// The job

export function registerImportWorker(env: ImportEnvironment): Promise<void> {
  return env.jobs.work<ImportPayload, ImportSummary>(IMPORT_JOB, (job) => runImport(env, job));
}

interface Resolution {
  unitId: number;
  ags: string | null;
  exception: string | null;
}

/**
 * Reads the file, checks every row, and (unless a dry run) writes the good ones in batches. Each
 * batch's members, its rows' outcomes and its audit entry commit in one transaction, so a crash
 * leaves whole batches; the next run skips every row already recorded for this file.
 */
export async function runImport(
  env: ImportEnvironment,
  job: JobContext<ImportPayload>,
): Promise<ImportSummary> {
  const p = job.payload;
  const target = env.target ?? memberImportTarget;
  const actor = job.createdBy === null ? null : ((await env.resolveActor?.(job.createdBy)) ?? null);
  if (job.createdBy !== null && !actor) {
    throw new AppError('auth.forbidden', {
      detail: 'The account that started the import is no longer active.',
    });
  }
  const inTx = <T>(fn: (tx: ScopedTx) => Promise<T>) =>
    actor ? withScope(env.database, actor, fn) : withOwnerTx(env.database, fn);
  const auditActor = actor ? undefined : { userId: null, name: p.operator ?? 'cli' };
  const { path: file } = await findStoredFile(env, p.fileId);
  const today = germanToday();

  // First pass: the header and how many rows there are (for the progress bar).
  let headers: string[] | null = null;
  let total = 0;
  for await (const record of records(file, p.format, p.encoding, p.delimiter)) {
    if (headers === null) headers = record.fields.map((h) => h.trim());
    else total++;
    if (total % 10_000 === 0) job.throwIfCancelled();
  }
  if (!headers) throw new AppError('import.file_invalid', { detail: 'The file has no header row.' });
  const mapping = resolveMapping(headers, p.mapping);
  await job.progress(0, total, 'Prüfen');

  const resume = p.dryRun
    ? { rows: 0, lastIndex: -1 }
    : await inTx((tx) => repo.progressOfFile(tx, p.fileId));
  const directory = await orgUnits.unitDirectory(env.database);
  const forced = p.unitCode ? (await orgUnits.unitByCode(env.database, p.unitCode)).unit : null;
  const byPostcode = new Map<string, { unitId: number; ags: string | null } | { problem: string } | null>();
  // Duplicate key → line of its first row (dry run: the whole file; real run: this batch, see markRepeats).
  let seen = new Map<string, number>();

  const residenceOf = async (draft: MemberDraft) => {
    if (!draft.postcode || draft.country !== 'DE') return null;
    if (!byPostcode.has(draft.postcode)) {
      const places = await orgUnits.gemeindenForPostcode(env.database, draft.postcode);
      const units = new Map<number, string>();
      for (const place of places) {
        const unit = directory.unitForGemeinde(place.ags);
        if (unit) units.set(unit.id, place.ags);
      }
      byPostcode.set(
        draft.postcode,
        units.size === 0
          ? null
          : units.size === 1
            ? { unitId: [...units.keys()][0]!, ags: places.length === 1 ? places[0]!.ags : null }
            : {
                problem: `Die Postleitzahl ${draft.postcode} umfasst mehrere Gemeinden (${places
                  .map((pl) => pl.placeName)
                  .join(', ')}); bitte die Gliederung in einer Spalte angeben oder beim Import vorgeben.`,
              },
      );
    }
    return byPostcode.get(draft.postcode) ?? null;
  };

  const place = async (draft: MemberDraft, line: number): Promise<Resolution | ImportIssue> => {
    const residence = await residenceOf(draft);
    let chosen: { id: number; name: string } | null = forced;
    let source = 'beim Import vorgegeben';
    if (!chosen && draft.unitCode) {
      const unit = directory.byCode.get(draft.unitCode);
      if (!unit) {
        return {
          line,
          column: mapping.columnOf.unitCode ?? 'Gliederung',
          value: draft.unitCode,
          message: `Die Gliederung „${draft.unitCode}“ gibt es nicht.`,
        };
      }
      chosen = unit;
      source = 'in der Importdatei angegeben';
    }
    let resolution: Resolution;
    if (chosen) {
      const residenceUnit = residence && 'unitId' in residence ? residence.unitId : null;
      resolution = {
        unitId: chosen.id,
        ags: residence && 'unitId' in residence ? residence.ags : null,
        exception: residenceUnit === chosen.id ? null : `Gliederung ${source} (Import)`,
      };
    } else if (residence && 'problem' in residence) {
      return {
        line,
        column: mapping.columnOf.postcode ?? 'Postleitzahl',
        value: draft.postcode,
        message: residence.problem,
      };
    } else if (residence) {
      resolution = { unitId: residence.unitId, ags: residence.ags, exception: null };
    } else {
      return {
        line,
        column: mapping.columnOf.postcode ?? 'Postleitzahl',
        value: draft.postcode,
        message: draft.postcode
          ? `Für die Postleitzahl ${draft.postcode} ist keine Gliederung zuständig; bitte die Gliederung angeben.`
          : 'Ohne Postleitzahl lässt sich die Gliederung nicht bestimmen; bitte die Gliederung angeben.',
      };
    }
    if (
      actor &&
      !(can(actor, 'member:create', resolution.unitId) && can(actor, 'member:update', resolution.unitId))
    ) {
      const unit = directory.byId.get(resolution.unitId);
      return {
        line,
        column: null,
        value: null,
        message: `Sie dürfen in ${unit?.name ?? 'dieser Gliederung'} keine Mitglieder anlegen.`,
      };
    }
    return resolution;
  };

  const counts = { imported: 0, rejected: 0, duplicates: 0, issues: 0 };
  const preview: ImportSummary['preview'] = [];
  const report = p.dryRun ? await openReport(env, job.id) : null;

  interface Pending {
    rowIndex: number;
    line: number;
    draft: MemberDraft | null;
    raw: Record<string, string | null>;
    issues: ImportIssue[];
    resolution: Resolution | null;
    duplicateOfLine: number | null;
    duplicate: boolean;
  }
  let batch: Pending[] = [];
  let done = resume.lastIndex + 1;

  /** A batch's rows after the duplicate lookup: what to insert, and each candidate's match. */
  interface Looked {
    candidates: Pending[];
    existing: Map<number, ExistingMember>;
    lines: Map<number, number>;
  }

  // Repeats inside the file: the dry run remembers the whole file (nothing reaches the database);
  // a real run this batch and the one before, whose rows may not be committed yet when this
  // batch's lookup runs (see flush); earlier batches are found in the database.
  let seenBefore = new Map<string, number>();
  const markRepeats = (current: Pending[]) => {
    if (!p.dryRun) {
      seenBefore = seen;
      seen = new Map();
    }
    for (const row of current) {
      if (!row.draft || !row.resolution) continue;
      for (const key of duplicateKeys(row.draft)) {
        const earlier = seen.get(key) ?? seenBefore.get(key);
        if (earlier !== undefined) {
          row.duplicateOfLine = earlier;
          row.duplicate = true;
          break;
        }
      }
      if (row.duplicateOfLine === null) for (const key of duplicateKeys(row.draft)) seen.set(key, row.line);
    }
  };

  /** The members a batch's rows may already be (a read of its own, next to the previous batch's write). */
  const lookUp = async (current: Pending[]): Promise<Looked> => {
    job.throwIfCancelled();
    const candidates = current.filter((r) => r.draft && r.resolution && r.duplicateOfLine === null);
    return inTx(async (tx) => {
      const existing = await target.findDuplicates(
        tx,
        candidates.map((c) => c.draft!),
      );
      const lines = p.dryRun
        ? new Map<number, number>()
        : await repo.linesOfMembers(
            tx,
            p.fileId,
            [...existing.values()].map((e) => e.id),
          );
      return { candidates, existing, lines };
    });
  };

  /** Writes a looked-up batch: its members, every row's outcome and the audit entry, in one transaction. */
  const store = async (current: Pending[], { candidates, existing, lines }: Looked) => {
    job.throwIfCancelled();
    const outcomes: repo.RowOutcome[] = [];
    let importedIds: number[] = [];
    await inTx(async (tx) => {
      const toInsert: { row: Pending; placed: PlacedDraft }[] = [];
      candidates.forEach((row, i) => {
        const match = existing.get(i);
        if (!match) {
          toInsert.push({
            row,
            placed: {
              draft: row.draft!,
              unitId: row.resolution!.unitId,
              residenceAgs: row.resolution!.ags,
              residenceException: row.resolution!.exception,
            },
          });
          return;
        }
        row.duplicate = true;
        const line = lines.get(match.id);
        if (line !== undefined) row.duplicateOfLine = line;
        else
          row.issues.push({
            line: row.line,
            column: null,
            value: null,
            message: `Doppelt: ${match.name}${match.memberNumber ? ` (Mitgliedsnummer ${match.memberNumber})` : ''} ist schon erfasst.`,
          });
      });
      const ids = p.dryRun
        ? toInsert.map(() => 0)
        : await target.insertMembers(
            tx,
            toInsert.map((t) => t.placed),
            { actorUserId: actor?.userId ?? null, today },
          );
      const memberOf = new Map(toInsert.map((t, i) => [t.row, ids[i]!]));
      for (const row of current) {
        if (row.duplicateOfLine !== null) {
          row.issues.push({
            line: row.line,
            column: null,
            value: null,
            message: `Doppelt: wiederholt Zeile ${row.duplicateOfLine} dieser Datei.`,
          });
        }
        const outcome: repo.RowOutcome['outcome'] = memberOf.has(row)
          ? 'imported'
          : row.duplicate
            ? 'duplicate'
            : 'rejected';
        outcomes.push({
          rowIndex: row.rowIndex,
          line: row.line,
          outcome,
          memberId: memberOf.get(row) || null,
          duplicateOfLine: row.duplicateOfLine,
          issues: row.issues.length > 0 ? row.issues : null,
        });
      }
      importedIds = ids.filter((id) => id > 0);
      if (!p.dryRun) {
        await repo.insertOutcomes(tx, p.fileId, job.id, job.createdBy, outcomes);
        if (importedIds.length > 0) {
          await writeAudit(tx, {
            action: 'member.import',
            entityType: 'import',
            entityId: p.fileId,
            subjectIds: summariseIds(importedIds).subjectIds,
            details: {
              file: p.fileName,
              fromLine: current[0]!.line,
              toLine: current[current.length - 1]!.line,
              imported: importedIds.length,
              rows: current.length,
            },
            ...(auditActor ? { actor: auditActor } : {}),
          });
        }
      }
    });
    for (const o of outcomes) {
      if (o.outcome === 'imported') counts.imported++;
      else if (o.outcome === 'duplicate') counts.duplicates++;
      else counts.rejected++;
      counts.issues += o.issues?.length ?? 0;
      if (report && o.issues) for (const issue of o.issues) report.write(issue);
      if (preview.length < PREVIEW_ROWS) {
        const row = current.find((r) => r.rowIndex === o.rowIndex)!;
        preview.push({
          line: o.line,
          outcome: o.outcome,
          values: row.draft ? previewValues(row.draft) : row.raw,
        });
      }
    }
    done += current.length;
    await job.progress(done, total, p.dryRun ? 'Prüfen' : 'Importieren');
  };

  // Three batches at once, each at its own step (bench finding F21): while batch N is written,
  // batch N+1's duplicate lookup runs on a second connection and batch N+2 is read and checked.
  // Batch N+1's lookup starts only once batch N-1 is committed, so the database holds every row
  // before batch N, and the repeats of batch N are found in memory (markRepeats). Batches are
  // written one after the other in file order, so a resumed job starts after the last committed
  // one as before, and a failed batch stops every later one.
  let writing: Promise<void> | null = null; // the last batch's write, chained after the one before
  let written: Promise<void> | null = null; // the write before it
  const settle = async () => {
    const previous = writing;
    writing = null;
    written = null;
    if (previous) await previous; // a failed lookup or write fails the job here
  };
  const flush = async () => {
    if (written) await written;
    if (batch.length === 0) return;
    const current = batch;
    batch = [];
    markRepeats(current);
    const looked = lookUp(current);
    looked.catch(() => undefined); // observed through the chain below
    const before = writing;
    written = before;
    writing = (async () => {
      if (before) await before;
      await store(current, await looked);
    })();
    writing.catch(() => undefined); // observed by the next flush or settle()
  };

  let rowIndex = -1;
  let first = true;
  try {
    for await (const record of records(file, p.format, p.encoding, p.delimiter)) {
      if (first) {
        first = false;
        continue;
      }
      rowIndex++;
      if (rowIndex <= resume.lastIndex) continue;
      const checked = checkRow(
        record.line,
        record.fields,
        mapping,
        p.mapping.defaults,
        new Date(`${today}T12:00:00Z`),
      );
      const pending: Pending = {
        rowIndex,
        line: record.line,
        draft: checked.draft,
        raw: Object.fromEntries(
          mapping.byIndex.flatMap((field, i) => (field ? [[field, record.fields[i] ?? null]] : [])),
        ),
        issues: checked.issues,
        resolution: null,
        duplicateOfLine: null,
        duplicate: false,
      };
      if (checked.draft) {
        const placed = await place(checked.draft, record.line);
        if ('unitId' in placed) pending.resolution = placed;
        else pending.issues.push(placed);
      }
      batch.push(pending);
      if (batch.length >= BATCH_ROWS) await flush();
    }
    await flush();
  } catch (error) {
    // Reading or checking failed: let the batch in the database finish before the job ends, so
    // that a retry never writes next to it.
    await settle().catch(() => undefined);
    throw error;
  }
  await settle();

  let summary: ImportSummary;
  if (p.dryRun) {
    await report!.close();
    await inTx((tx) =>
      writeAudit(tx, {
        action: 'member.import_check',
        entityType: 'import',
        entityId: p.fileId,
        details: { file: p.fileName, rows: total, ...counts },
        ...(auditActor ? { actor: auditActor } : {}),
      }),
    );
    summary = { fileId: p.fileId, dryRun: true, rows: total, ...counts, preview };
  } else {
    const totals = await inTx((tx) => repo.outcomeCounts(tx, p.fileId));
    await writeReportFromDatabase(env, inTx, p.fileId, job.id);
    summary = {
      fileId: p.fileId,
      dryRun: false,
      rows: total,
      imported: totals.imported,
      rejected: totals.rejected,
      duplicates: totals.duplicate,
      issues: totals.issues,
      preview,
    };
  }
  await job.progress(total, total, 'Fertig');
  return summary;
}

const REPORT_HEADER = ['Zeile', 'Spalte', 'Wert', 'Meldung'];

async function openReport(env: Pick<ImportEnvironment, 'dataDir'>, jobId: string) {
  const file = reportPath(env, jobId);
  await mkdir(path.dirname(file), { recursive: true });
  const stream = createWriteStream(file, { encoding: 'utf8' });
  stream.write(UTF8_BOM + csvLine(REPORT_HEADER));
  return {
    write(issue: ImportIssue) {
      stream.write(csvLine([issue.line, issue.column, issue.value, issue.message]));
    },
    close: () =>
      new Promise<void>((resolve, reject) =>
        stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
      ),
  };
}

async function writeReportFromDatabase(
  env: Pick<ImportEnvironment, 'dataDir'>,
  inTx: <T>(fn: (tx: ScopedTx) => Promise<T>) => Promise<T>,
  fileId: string,
  jobId: string,
): Promise<void> {
  const report = await openReport(env, jobId);
  let after = -1;
  for (;;) {
    const page = await inTx((tx) => repo.issuePage(tx, fileId, after, 5000));
    if (page.length === 0) break;
    for (const row of page) for (const issue of row.issues) report.write(issue);
    after = page[page.length - 1]!.row_index;
  }
  await report.close();
}

export function reportStream(file: string): Readable {
  return createReadStream(file);
}

// ---------------------------------------------------------------------------------------------
// Saved mappings

export async function listMappings(database: Database) {
  const rows = await repo.listMappings(database);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    mapping: r.mapping,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export async function saveMapping(
  database: Database,
  actor: Actor | null,
  name: string,
  mapping: ImportMapping,
) {
  const r = await repo.upsertMapping(database, name, mapping, actor?.userId ?? null);
  return { id: r.id, name: r.name, mapping: r.mapping, createdAt: new Date(r.created_at).toISOString() };
}
