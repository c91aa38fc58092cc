import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobQueue, type JobQueue } from '@/server/platform/jobs';
import { createLogger } from '@/server/platform/logger';
import {
  openDownload,
  registerExportWorker,
  startExport,
  writeExport,
  type ExportEnvironment,
} from '@/server/modules/exports/exports.service';
import {
  createTestMembers,
  createUnitTree,
  testActor,
  type TestUnit,
  type TestUnitCode,
} from '../support/auth-fixtures';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';

async function collect(stream: PassThrough): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe.each(databaseKinds)('member export on %s', (kind) => {
  let testDb: TestDatabase;
  let units: Record<TestUnitCode, TestUnit>;
  let jobs: JobQueue;
  let env: ExportEnvironment;
  let dataDir: string;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    units = await createUnitTree(testDb.database);
    const ids = await createTestMembers(testDb.database, units);
    // A member whose fields a spreadsheet would run as formulas.
    await testDb.database.query(
      `UPDATE members SET first_name = '=HYPERLINK("http://evil.example","Klick")', last_name = '+SUM(A1:A9)',
              street = '-2+3', city = '@Fulda', phone = '+4966112345', address_extra = E'\\tTab', house_number = E'\\rCR'
        WHERE id = $1`,
      [ids['TEST-KA-1']],
    );
    dataDir = mkdtempSync(path.join(tmpdir(), 'servicestelle-export-'));
    const logger = createLogger('silent', false);
    jobs = createJobQueue(testDb.database, { logger, pollIntervalMs: 100, progressIntervalMs: 0 });
    env = {
      database: testDb.database,
      jobs,
      dataDir,
      log: logger,
      resolveActor: async (userId) =>
        userId === 4242 ? testActor(units, [{ role: 'district-admin', unit: 'TEST-KA' }], 4242) : null,
    };
    await registerExportWorker(env);
    await jobs.start();
  });
  afterAll(async () => {
    await jobs?.stop();
    await testDb?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes CSV for German Excel with every formula-like cell neutralised, and audits purpose, count and filter', async () => {
    const out = new PassThrough();
    const body = collect(out);
    const { rows } = await writeExport(
      testDb.database,
      null,
      {
        unit: 'TEST-KA',
        purpose: 'meeting_invitation',
        format: 'csv',
        columns: [
          'firstName',
          'lastName',
          'street',
          'houseNumber',
          'addressExtra',
          'city',
          'phone',
          'unitCode',
        ],
      },
      out,
      { operator: 'cli:test' },
    );
    const text = (await body).toString('utf8');
    expect(rows).toBe(2); // TEST-KA and TEST-KA-1
    expect(
      text.startsWith('\uFEFFVorname;Nachname;Straße;Hausnummer;Adresszusatz;Ort;Telefon;Gliederung\r\n'),
    ).toBe(true);
    expect(text).toContain(
      `"'=HYPERLINK(""http://evil.example"",""Klick"")";'+SUM(A1:A9);'-2+3;"'\rCR";'\tTab;'@Fulda;'+4966112345;TEST-KA-1\r\n`,
    );
    expect(text).toContain('Erika;Muster-TEST-KA;;;;;;TEST-KA\r\n');
    expect(text).not.toContain('TEST-KB');

    const audit = await testDb.database.query<{
      purpose: string;
      actor_name: string;
      details: Record<string, unknown> | string;
    }>(
      `SELECT purpose, actor_name, details FROM audit_log WHERE action = 'member.export' ORDER BY seq DESC LIMIT 1`,
    );
    const details = typeof audit[0]!.details === 'string' ? JSON.parse(audit[0]!.details) : audit[0]!.details;
    expect(audit[0]).toMatchObject({ purpose: 'meeting_invitation', actor_name: 'cli:test' });
    expect(details).toMatchObject({
      rows: 2,
      format: 'csv',
      filter: { unit: 'TEST-KA', asOf: null, status: ['member'] },
    });
  });

  it('writes XLSX whose cells hold text, never formulas', async () => {
    const out = new PassThrough();
    const body = collect(out);
    await writeExport(
      testDb.database,
      null,
      {
        unit: 'TEST-KA-1',
        purpose: 'member_mailing',
        format: 'xlsx',
        columns: ['firstName', 'lastName', 'birthdate'],
      },
      out,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await body) as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'Vorname', 'Nachname', 'Geburtsdatum']);
    const row = sheet.getRow(2);
    expect(row.getCell(1).value).toBe(`'=HYPERLINK("http://evil.example","Klick")`);
    expect(row.getCell(1).formula).toBeUndefined();
    expect(row.getCell(2).value).toBe("'+SUM(A1:A9)");
    expect(row.getCell(3).value).toEqual(new Date('1980-05-17T00:00:00Z'));
  });

  it('refuses an export without a known purpose', async () => {
    await expect(
      writeExport(
        testDb.database,
        null,
        { unit: 'TEST-KA', purpose: 'curiosity', format: 'csv' },
        new PassThrough(),
      ),
    ).rejects.toMatchObject({ code: 'export.purpose_unknown' });
  });

  it('runs as a job for an account within its scope, with a download link that only its token opens', async () => {
    const admin = testActor(units, [{ role: 'district-admin', unit: 'TEST-KA' }], 4242);
    await expect(
      startExport(env, admin, { unit: 'TEST-KB', purpose: 'election', format: 'csv' }),
    ).rejects.toMatchObject({
      code: 'auth.forbidden',
    });
    // The state level is not the district admin's: refused as well.
    await expect(
      startExport(env, admin, { unit: 'TEST-LV', purpose: 'election', format: 'csv' }),
    ).rejects.toMatchObject({
      code: 'auth.forbidden',
    });
    const started = await startExport(env, admin, {
      unit: 'TEST-KA',
      purpose: 'election',
      format: 'csv',
      columns: ['lastName'],
    });
    const job = await jobs.waitFor(started.jobId, { timeoutMs: 30_000 });
    expect(job.status).toBe('completed');
    expect(job.result).toMatchObject({
      rows: 2,
      format: 'csv',
      fileName: expect.stringMatching(/^mitglieder-test-ka-\d{4}-\d{2}-\d{2}\.csv$/),
    });
    await expect(openDownload(env, admin, started.jobId, 'x'.repeat(43))).rejects.toMatchObject({
      code: 'export.not_found',
    });
    const other = testActor(units, [{ role: 'district-admin', unit: 'TEST-KA' }], 4343);
    await expect(openDownload(env, other, started.jobId, started.token)).rejects.toMatchObject({
      code: 'export.not_found',
    });
    const download = await openDownload(env, admin, started.jobId, started.token);
    const chunks: Buffer[] = [];
    for await (const c of download.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(
      "\uFEFFNachname\r\nMuster-TEST-KA\r\n'+SUM(A1:A9)\r\n",
    );
    // Expired: the link stops working.
    await testDb.database.query(
      `UPDATE export_files SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [started.jobId],
    );
    await expect(openDownload(env, admin, started.jobId, started.token)).rejects.toMatchObject({
      code: 'export.expired',
    });
    expect(readFileSync(path.join(dataDir, 'exports', `${started.jobId}.csv`)).length).toBeGreaterThan(0);
  });
});
