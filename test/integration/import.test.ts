import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary, StartImportInput } from '@/contracts/imports';
import { createJobQueue, type JobQueue } from '@/server/platform/jobs';
import { createLogger } from '@/server/platform/logger';
import { loadDemo } from '@/server/modules/demo/demo.service';
import {
  registerImportWorker,
  startImport,
  storeFile,
  type ImportEnvironment,
} from '@/server/modules/imports/imports.service';
import { memberImportTarget } from '@/server/modules/members/member-bulk-write';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';

const fixture = (name: string) => path.resolve(import.meta.dirname, '../fixtures/import', name);

describe.each(databaseKinds)('member import on %s', (kind) => {
  let testDb: TestDatabase;
  let jobs: JobQueue;
  let env: ImportEnvironment;
  let dataDir: string;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    // Units of Hessen and the postcode → Gemeinde table, no members.
    await loadDemo(testDb.database, { members: 0, seed: 1 });
    dataDir = mkdtempSync(path.join(tmpdir(), 'servicestelle-import-'));
    const logger = createLogger('silent', false);
    jobs = createJobQueue(testDb.database, { logger, pollIntervalMs: 100, progressIntervalMs: 0 });
    env = { database: testDb.database, jobs, dataDir, log: logger };
    await registerImportWorker(env);
    await jobs.start();
  });
  afterAll(async () => {
    await jobs?.stop();
    await testDb?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function run(file: string, options: Partial<StartImportInput> = {}) {
    const described = await storeFile(env, { path: fixture(file) }, file);
    const { jobId } = await startImport(env, null, {
      fileId: described.fileId,
      mapping: described.suggestedMapping,
      dryRun: false,
      ...options,
    });
    const job = await jobs.waitFor(jobId, { timeoutMs: 60_000 });
    expect(job.error).toBeNull();
    expect(job.status).toBe('completed');
    const summary = job.result as ImportSummary;
    const report = readFileSync(path.join(dataDir, 'imports', 'reports', `${jobId}.csv`), 'utf8');
    return { described, summary, report, jobId };
  }

  const memberCount = async () =>
    (await testDb.database.query<{ n: number }>('SELECT count(*)::int AS n FROM members'))[0]!.n;

  it.each([
    ['synthetic-utf8-bom.csv', 'utf-8', ','],
    ['synthetic-windows-1252.csv', 'windows-1252', ';'],
    ['synthetic-iso-8859-1.csv', 'iso-8859-1', '\t'],
  ])('reads %s (%s, %j) and dry-runs it with exact counts', async (file, encoding, delimiter) => {
    const { described, summary, report } = await run(file, { dryRun: true });
    expect(described).toMatchObject({ format: 'csv', encoding, delimiter, knownFormat: null });
    expect(described.headers).toContain('Straße');
    expect(summary).toMatchObject({ dryRun: true, rows: 12, imported: 7, rejected: 4, duplicates: 1 });
    const first = summary.preview[0]!;
    expect(first.values).toMatchObject({
      lastName: 'Müller',
      street: 'Bahnhofstraße',
      houseNumber: '5',
      birthdate: '1985-05-12',
    });
    if (encoding === 'windows-1252')
      expect(first.values.notes).toBe('Gründungsmitglied, „Urgestein“, Beitrag 5 €');
    // The quoted note with a line break stays one row (line 3, the next record starts on line 5).
    expect(summary.preview.map((p) => p.line)).toEqual([2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(report.startsWith('\uFEFFZeile;Spalte;Wert;Meldung\r\n')).toBe(true);
    expect(report).toContain(
      '7;Geburtsdatum;31.02.1970;„31.02.1970“ ist kein gültiges Datum (diesen Tag gibt es nicht).',
    );
    expect(report).toContain(
      '8;E-Mail;bernd.gross(at)example.org;„bernd.gross(at)example.org“ ist keine gültige E-Mail-Adresse.',
    );
    expect(report).toContain(
      '12;PLZ;99999;"Für die Postleitzahl 99999 ist keine Gliederung zuständig; bitte die Gliederung angeben."',
    );
    expect(report).toContain('10;;;Doppelt: wiederholt Zeile 2 dieser Datei.');
    expect(await memberCount()).toBe(0);
  });

  it('reads the XLSX variant with real date cells and numeric postcodes', async () => {
    const { described, summary } = await run('synthetic.xlsx', { dryRun: true });
    expect(described).toMatchObject({ format: 'xlsx', encoding: null, delimiter: null });
    expect(summary).toMatchObject({ rows: 12, imported: 7, rejected: 4, duplicates: 1 });
    expect(summary.preview[0]!.values.birthdate).toBe('1985-05-12');
  });

  it('imports, records every row once, audits, and finds the same people again in another encoding', async () => {
    const first = await run('synthetic-utf8-bom.csv');
    expect(first.summary).toMatchObject({ dryRun: false, rows: 12, imported: 7, rejected: 4, duplicates: 1 });
    expect(await memberCount()).toBe(7);
    const anna = await testDb.database.query<Record<string, unknown>>(
      `SELECT m.first_name, m.last_name, m.street, m.house_number, m.phone, m.status, m.member_number, u.code AS unit,
              m.notes, b.iban
         FROM members m JOIN units u ON u.id = m.unit_id LEFT JOIN member_bank_accounts b ON b.member_id = m.id
        WHERE m.email = 'anna.mueller@example.org'`,
    );
    expect(anna).toHaveLength(1);
    expect(anna[0]).toMatchObject({
      last_name: 'Müller',
      street: 'Bahnhofstraße',
      house_number: '5',
      phone: '+49661123456',
      status: 'member',
      iban: 'DE89370400440532013000',
      notes: 'Gründungsmitglied, „Urgestein“\nFrühere Mitgliedsnummer: 1001',
    });
    expect(String(anna[0]!.member_number)).toMatch(/^\d{8}$/);
    expect(String(anna[0]!.unit)).toMatch(/^HE-/);
    const audit = await testDb.database.query<{ action: string; actor_name: string; n: number }>(
      `SELECT action, actor_name, cardinality(subject_ids)::int AS n FROM audit_log WHERE action = 'member.import'`,
    );
    expect(audit).toEqual([{ action: 'member.import', actor_name: 'cli', n: 7 }]);

    // The same file again: every row is recorded already, nothing new is written.
    const again = await run('synthetic-utf8-bom.csv');
    expect(again.summary).toMatchObject({ imported: 7, rejected: 4, duplicates: 1 });
    expect(await memberCount()).toBe(7);

    // The same people in Windows-1252: all are duplicates of the members now on file.
    const other = await run('synthetic-windows-1252.csv');
    expect(other.summary).toMatchObject({ rows: 12, imported: 0, rejected: 4, duplicates: 8 });
    expect(other.report).toMatch(/Doppelt: Anna Müller \(Mitgliedsnummer \d{8}\) ist schon erfasst\./);
    expect(await memberCount()).toBe(7);
  });

  // bundestag-02 is the UTF-8 edition of the same export, edited: Luise became Luisa with another
  // e-mail address (a different person by our rules), and the umlauts were already lost to U+FFFD.
  it('imports the real Kürschner export (ISO-8859-1, Excel formulas) into a given unit, then its UTF-8 edition', async () => {
    const before = await memberCount();
    const latin = await run('kuerschner_bundestag-01.csv', { unitCode: 'HE-06631' });
    expect(latin.described).toMatchObject({
      encoding: 'iso-8859-1',
      delimiter: ';',
      knownFormat: 'kuerschner',
    });
    expect(latin.summary).toMatchObject({ rows: 3, imported: 3, rejected: 0, duplicates: 0 });
    const rows = await testDb.database.query<Record<string, unknown>>(
      `SELECT last_name, phone, street, house_number, postcode, residence_exception FROM members
        WHERE email LIKE '%@bundestag.de' ORDER BY last_name`,
    );
    expect(rows).toEqual([
      {
        last_name: 'ICOGNITO',
        phone: '+49302273333',
        street: 'Platz der Republik',
        house_number: '1',
        postcode: '11011',
        residence_exception: 'Gliederung beim Import vorgegeben (Import)',
      },
      {
        last_name: 'UNBEKANNT',
        phone: '+493022711111',
        street: 'Platz der Republik',
        house_number: '1',
        postcode: '11011',
        residence_exception: 'Gliederung beim Import vorgegeben (Import)',
      },
      {
        last_name: 'UNKNOWN',
        phone: '+493022722222',
        street: 'Platz der Republik',
        house_number: '1',
        postcode: '11011',
        residence_exception: 'Gliederung beim Import vorgegeben (Import)',
      },
    ]);
    const utf8 = await run('kuerschner_bundestag-02.csv', { unitCode: 'HE-06631' });
    expect(utf8.described.encoding).toBe('utf-8');
    expect(utf8.summary).toMatchObject({ rows: 3, imported: 1, rejected: 0, duplicates: 2 });
    expect(await memberCount()).toBe(before + 4);
  });

  it('imports the real JVerein file: two-digit years, M as gender, Herrn as salutation, the old number kept', async () => {
    const { described, summary } = await run('jverein_import_datei1.csv', { unitCode: 'HE-06631' });
    expect(described).toMatchObject({ knownFormat: 'jverein', encoding: 'utf-8', delimiter: ';' });
    expect(summary).toMatchObject({ rows: 1, imported: 1, rejected: 0, duplicates: 0 });
    expect(summary.preview[0]!.values).toMatchObject({
      birthdate: '1970-03-03',
      entryDate: '2000-05-01',
      gender: 'male',
      salutation: 'Herr',
      title: 'Dr.',
      street: 'Am Teich',
      houseNumber: '1',
      externalId: '22',
    });
  });

  it('writes a batch while it looks up the next: repeats one and two batches later are found, a failed batch stops the later ones', async () => {
    // 6,500 rows (batches of 2,000); line 4,202 repeats line 12 (row 10), two batches later, and
    // line 2,102 repeats line 1,992 (row 1,990), in the next batch: that one is found while the
    // batch before it may still be being written.
    const letters = (n: number) =>
      [...n.toString(26).padStart(3, '0')].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');
    const lines = ['Vorname;Nachname;Geburtsdatum;PLZ;Ort'];
    for (let i = 0; i < 6_500; i++) {
      const j = i === 4_200 ? 10 : i === 2_100 ? 1_990 : i;
      lines.push(`Paula;Batch${letters(j)};${String((j % 28) + 1).padStart(2, '0')}.03.1971;36037;Fulda`);
    }
    const file = path.join(dataDir, 'batches.csv');
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    // The first batch's insert is slow, so that the second batch's lookup runs before it commits
    // (on PostgreSQL, on a connection of its own). The third batch's insert fails: the job fails,
    // with the first two batches committed and nothing of the fourth, which was being looked up
    // meanwhile. The worker reads env.target when a job runs.
    let inserts = 0;
    env.target = {
      findDuplicates: (tx, drafts) => memberImportTarget.findDuplicates(tx, drafts),
      async insertMembers(tx, rows, options) {
        inserts++;
        if (inserts === 1) await new Promise((resolve) => setTimeout(resolve, 500));
        if (inserts === 3) throw new Error('the database went away mid-batch');
        return memberImportTarget.insertMembers(tx, rows, options);
      },
    };
    const before = await memberCount();
    const described = await storeFile(env, { path: file }, 'batches.csv');
    const start = () =>
      startImport(env, null, {
        fileId: described.fileId,
        mapping: described.suggestedMapping,
        dryRun: false,
      });
    try {
      const failed = await jobs.waitFor((await start()).jobId, { timeoutMs: 120_000 });
      expect(failed.error).toMatchObject({ message: 'the database went away mid-batch' });
    } finally {
      delete env.target;
    }
    expect(inserts).toBe(3);
    expect(await memberCount()).toBe(before + 3_999);
    // Started again, the import takes up after the second batch.
    const job = await jobs.waitFor((await start()).jobId, { timeoutMs: 120_000 });
    expect(job.error).toBeNull();
    expect(job.result as ImportSummary).toMatchObject({
      rows: 6_500,
      imported: 6_498,
      duplicates: 2,
      rejected: 0,
    });
    expect(await memberCount()).toBe(before + 6_498);
    const report = readFileSync(path.join(dataDir, 'imports', 'reports', `${job.id}.csv`), 'utf8');
    expect(report).toContain('4202;;;Doppelt: wiederholt Zeile 12 dieser Datei.');
    expect(report).toContain('2102;;;Doppelt: wiederholt Zeile 1992 dieser Datei.');
  });
});
