import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  defaultExportColumns,
  type ExportColumn,
  type ExportPurpose,
  type ExportRequest,
  type ExportResult,
} from '@/contracts/exports';
import type { Job } from '@/contracts/jobs';
import type { MemberStatus } from '@/contracts/members';
import type { Database } from '@/server/db/database';
import { withOwnerTx, withScope, type ScopedTx } from '@/server/db/scoped';
import { summariseIds, writeAudit } from '@/server/platform/audit';
import { AppError } from '@/server/platform/errors';
import type { JobContext, JobQueue } from '@/server/platform/jobs';
import type { Logger } from '@/server/platform/logger';
import { can, visibleMemberFields, type Actor } from '@/server/platform/scope';
import * as orgUnits from '@/server/modules/org-units/org-units.service';
import { csvLine, neutraliseCell, UTF8_BOM } from '@/server/modules/exports/export-format';
import { memberBatches, type ExportRow } from '@/server/modules/members/member-bulk-read';
import * as repo from '@/server/modules/exports/exports.repository';
import { germanToday } from '@/contracts/dates';

export const EXPORT_JOB = 'members.export';
/** How long a download link works. */
export const DOWNLOAD_HOURS = 24;

/**
 * Why member data leaves the system: a purpose from this list is required for every export and
 * recorded in the audit trail. Configurable per installation (configureExportPurposes).
 */
let purposes: ExportPurpose[] = [
  { code: 'meeting_invitation', label: 'Einladung zu einer Versammlung', labelEn: 'Invitation to a meeting' },
  {
    code: 'election',
    label: 'Wahl oder Aufstellung (Wählerverzeichnis)',
    labelEn: 'Election or nomination (voter roll)',
  },
  { code: 'member_mailing', label: 'Mitgliederinformation per Post oder E-Mail', labelEn: 'Member mailing' },
  { code: 'dues', label: 'Beitragseinzug und Buchhaltung', labelEn: 'Dues and bookkeeping' },
  {
    code: 'data_maintenance',
    label: 'Datenpflege und Abgleich',
    labelEn: 'Data maintenance and reconciliation',
  },
  {
    code: 'subject_request',
    label: 'Auskunft an das Mitglied (Art. 15 DSGVO)',
    labelEn: 'Data subject request (GDPR Art. 15)',
  },
];

export function configureExportPurposes(next: ExportPurpose[]): void {
  if (next.length === 0) throw new Error('the list of export purposes must not be empty');
  purposes = [...next];
}

export function exportPurposes(): ExportPurpose[] {
  return [...purposes];
}

export interface ExportEnvironment {
  database: Database;
  jobs: JobQueue;
  dataDir: string;
  log: Logger;
  resolveActor?: (userId: number) => Promise<Actor | null>;
}

interface ExportPayload {
  request: ExportRequest;
  fileName: string;
  operator: string | null;
}

const HEADERS: Record<ExportColumn, string> = {
  memberNumber: 'Mitgliedsnummer',
  salutation: 'Anrede',
  title: 'Titel',
  firstName: 'Vorname',
  lastName: 'Nachname',
  nameAffix: 'Namenszusatz',
  birthdate: 'Geburtsdatum',
  gender: 'Geschlecht',
  street: 'Straße',
  houseNumber: 'Hausnummer',
  addressExtra: 'Adresszusatz',
  postcode: 'PLZ',
  city: 'Ort',
  country: 'Land',
  email: 'E-Mail',
  phone: 'Telefon',
  entryDate: 'Eintritt',
  status: 'Status',
  unitCode: 'Gliederung',
  unitName: 'Gliederungsname',
};

const STATUS_DE: Record<MemberStatus, string> = {
  applicant: 'Antrag',
  provisional: 'Aufgenommen (Einspruchsfrist)',
  member: 'Mitglied',
  dormant: 'Ruhend',
  rejected: 'Abgelehnt',
  resigned: 'Ausgetreten',
  deceased: 'Verstorben',
  expelled: 'Ausgeschlossen',
  lapsed: 'Gestrichen',
};
const GENDER_DE: Record<string, string> = { female: 'w', male: 'm', diverse: 'd', unspecified: '' };
/** Fields the field rules may withhold, by export column. */
const GUARDED: Partial<Record<ExportColumn, string>> = { birthdate: 'birthdate', gender: 'gender' };

const germanDate = (iso: string | null) =>
  iso ? `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` : null;

interface Prepared {
  columns: ExportColumn[];
  unitIds: number[];
  statuses: MemberStatus[];
  unitCode: string;
  purpose: ExportPurpose;
}

async function prepare(database: Database, actor: Actor | null, request: ExportRequest): Promise<Prepared> {
  const purpose = purposes.find((p) => p.code === request.purpose);
  if (!purpose) {
    throw new AppError('export.purpose_unknown', {
      detail: `Unknown purpose ${request.purpose}; one of: ${purposes.map((p) => p.code).join(', ')}.`,
    });
  }
  const { unit, directory } = await orgUnits.unitByCode(database, request.unit);
  if (actor && !can(actor, 'member:export', unit.id)) {
    throw new AppError('auth.forbidden', { detail: `You may not export the members of ${unit.name}.` });
  }
  const subtree = directory.subtreeIds(unit.id);
  const unitIds = actor ? subtree.filter((id) => can(actor, 'member:export', id)) : subtree;
  return {
    columns: request.columns ?? defaultExportColumns,
    unitIds,
    statuses: request.status ?? ['member'],
    unitCode: unit.code,
    purpose,
  };
}

export function exportFileName(request: ExportRequest, today: string): string {
  return `mitglieder-${request.unit.toLowerCase()}-${request.asOf ?? today}.${request.format}`;
}

interface Writer {
  add(values: (string | Date | null)[]): Promise<void>;
  close(): Promise<void>;
}

/** CSV for German Excel (UTF-8 with BOM, semicolons, CRLF) or XLSX written row by row (exceljs streaming). */
function openWriter(format: 'csv' | 'xlsx', out: Writable, headers: string[]): Writer {
  if (format === 'xlsx') {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet('Mitglieder');
    sheet.addRow(headers).commit();
    return {
      async add(values) {
        sheet.addRow(values.map((v) => (typeof v === 'string' ? neutraliseCell(v) : v))).commit();
      },
      async close() {
        sheet.commit();
        await workbook.commit();
      },
    };
  }
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let first = true;
  return {
    async add(values) {
      if (first) {
        first = false;
        await write(UTF8_BOM + csvLine(headers));
      }
      await write(csvLine(values.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))));
    },
    async close() {
      if (first) await write(UTF8_BOM + csvLine(headers));
      out.end();
      await once(out, 'finish');
    },
  };
}

/**
 * Streams the scoped member list into `out` and records the export (purpose, row count, filter)
 * in the audit trail. Memory stays flat: one batch of rows at a time.
 */
export async function writeExport(
  database: Database,
  actor: Actor | null,
  request: ExportRequest,
  out: Writable,
  options: { operator?: string; onProgress?: (rows: number) => Promise<void> | void } = {},
): Promise<{ rows: number }> {
  const prepared = await prepare(database, actor, request);
  const directory = await orgUnits.unitDirectory(database);
  const inTx = <T>(fn: (tx: ScopedTx) => Promise<T>) =>
    actor ? withScope(database, actor, fn) : withOwnerTx(database, fn);
  const writer = openWriter(
    request.format,
    out,
    prepared.columns.map((c) => HEADERS[c]),
  );
  const ids: number[] = [];
  const visibility = new Map<number, ReadonlySet<string>>();
  const visible = (unitId: number, field: string) => {
    if (!actor) return true;
    let set = visibility.get(unitId);
    if (!set) {
      set = visibleMemberFields(actor, unitId) as ReadonlySet<string>;
      visibility.set(unitId, set);
    }
    return set.has(field);
  };
  const value = (row: ExportRow, column: ExportColumn): string | Date | null => {
    const guarded = GUARDED[column];
    if (guarded && !visible(row.unit_id, guarded)) return null;
    const xlsx = request.format === 'xlsx';
    switch (column) {
      case 'memberNumber':
        return row.member_number;
      case 'firstName':
        return row.first_name;
      case 'lastName':
        return row.last_name;
      case 'nameAffix':
        return row.name_affix;
      case 'birthdate':
        return xlsx && row.birthdate ? new Date(`${row.birthdate}T00:00:00Z`) : germanDate(row.birthdate);
      case 'entryDate':
        return xlsx && row.entry_date ? new Date(`${row.entry_date}T00:00:00Z`) : germanDate(row.entry_date);
      case 'gender':
        return GENDER_DE[row.gender] ?? '';
      case 'houseNumber':
        return row.house_number;
      case 'addressExtra':
        return row.address_extra;
      case 'status':
        return STATUS_DE[row.status];
      case 'unitCode':
        return directory.byId.get(row.unit_id)?.code ?? null;
      case 'unitName':
        return directory.byId.get(row.unit_id)?.name ?? null;
      default:
        return (row as unknown as Record<string, string | null>)[column] ?? null;
    }
  };
  try {
    for await (const batch of memberBatches(database, inTx, {
      unitIds: prepared.unitIds,
      statuses: prepared.statuses,
      asOf: request.asOf ?? null,
    })) {
      for (const row of batch) {
        ids.push(row.id);
        await writer.add(prepared.columns.map((c) => value(row, c)));
      }
      await options.onProgress?.(ids.length);
    }
    await writer.close();
  } catch (error) {
    out.destroy();
    throw error;
  }
  const summary = summariseIds(ids);
  await inTx((tx) =>
    writeAudit(tx, {
      action: 'member.export',
      entityType: 'unit',
      entityId: prepared.unitCode,
      unitId: directory.byCode.get(prepared.unitCode)?.id ?? null,
      subjectIds: summary.subjectIds,
      purpose: prepared.purpose.code,
      details: {
        rows: ids.length,
        digest: summary.digest,
        format: request.format,
        filter: { unit: request.unit, asOf: request.asOf ?? null, status: prepared.statuses },
        columns: prepared.columns,
      },
      ...(actor ? {} : { actor: { userId: null, name: options.operator ?? 'cli' } }),
    }),
  );
  return { rows: ids.length };
}

// ---------------------------------------------------------------------------------------------
// As a background job with an expiring download link

const exportsDir = (dataDir: string) => path.join(dataDir, 'exports');
const filePath = (dataDir: string, id: string, format: string) =>
  path.join(exportsDir(dataDir), `${id}.${format}`);
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function startExport(
  env: ExportEnvironment,
  actor: Actor,
  request: ExportRequest,
): Promise<{ jobId: string; token: string }> {
  await prepare(env.database, actor, request); // refuse a bad request now, not in the job
  await sweepExpired(env);
  const today = germanToday();
  const fileName = exportFileName(request, today);
  const token = randomBytes(32).toString('base64url');
  const { id } = await env.jobs.enqueue(
    EXPORT_JOB,
    { request, fileName, operator: null } satisfies ExportPayload,
    {
      createdBy: actor.userId,
    },
  );
  await repo.insertExportFile(env.database, {
    id,
    tokenHash: hashToken(token),
    purpose: request.purpose,
    format: request.format,
    filter: request,
    fileName,
    createdBy: actor.userId,
    expiresAt: new Date(Date.now() + DOWNLOAD_HOURS * 3600_000),
  });
  return { jobId: id, token };
}

export function registerExportWorker(env: ExportEnvironment): Promise<void> {
  return env.jobs.work<ExportPayload, ExportResult>(EXPORT_JOB, (job) => runExport(env, job));
}

async function runExport(env: ExportEnvironment, job: JobContext<ExportPayload>): Promise<ExportResult> {
  const { request, fileName } = job.payload;
  const actor = job.createdBy === null ? null : ((await env.resolveActor?.(job.createdBy)) ?? null);
  if (job.createdBy !== null && !actor) {
    throw new AppError('auth.forbidden', {
      detail: 'The account that started the export is no longer active.',
    });
  }
  await mkdir(exportsDir(env.dataDir), { recursive: true });
  const file = filePath(env.dataDir, job.id, request.format);
  const { rows } = await writeExport(env.database, actor, request, createWriteStream(file), {
    onProgress: (n) => job.progress(n, null, 'Exportieren'),
  });
  const record = await repo.finishExportFile(env.database, job.id, rows);
  return { rows, fileName, format: request.format, expiresAt: new Date(record.expires_at).toISOString() };
}

export async function getExport(env: Pick<ExportEnvironment, 'jobs'>, actor: Actor | null, jobId: string) {
  const job: Job | null = await env.jobs.get(jobId);
  if (!job || job.name !== EXPORT_JOB || (actor && job.createdBy !== actor.userId)) {
    throw new AppError('export.not_found', { detail: `There is no export ${jobId} of yours.` });
  }
  return { ...job, export: (job.result as ExportResult | null) ?? null };
}

/** The finished file for a valid, unexpired link of the caller's own export. */
export async function openDownload(
  env: Pick<ExportEnvironment, 'database' | 'dataDir'>,
  actor: Actor | null,
  jobId: string,
  token: string,
): Promise<{ stream: Readable; fileName: string; format: 'csv' | 'xlsx' }> {
  const record = await repo.findExportFile(env.database, jobId, hashToken(token));
  if (!record || (actor && record.created_by !== actor.userId) || record.rows === null) {
    throw new AppError('export.not_found', { detail: 'No finished export for this link.' });
  }
  if (new Date(record.expires_at).getTime() < Date.now()) {
    throw new AppError('export.expired', {
      detail: `The link expired at ${new Date(record.expires_at).toISOString()}.`,
    });
  }
  return {
    stream: createReadStream(filePath(env.dataDir, jobId, record.format)),
    fileName: record.file_name,
    format: record.format,
  };
}

/** Deletes expired export files (run whenever an export starts). */
export async function sweepExpired(env: Pick<ExportEnvironment, 'database' | 'dataDir'>): Promise<number> {
  const expired = await repo.takeExpired(env.database);
  for (const e of expired) await rm(filePath(env.dataDir, e.id, e.format), { force: true });
  return expired.length;
}
