import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@/server/app';
import { createLogger } from '@/server/platform/logger';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';
import { createAccount, signIn, TEST_SESSION_SECRET, type TestSession } from '../support/auth';
import { createHessenSlice } from './members-fixtures';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/import');
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The upload the import wizard makes: the file is the raw request body, its name (URL-encoded)
 * in X-File-Name; then the dry run and its report over HTTP, as the browser reads them.
 */
describe.each(databaseKinds)('import upload over HTTP on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let dataDir: string;
  let fulda: TestSession;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    await createHessenSlice(testDb.database);
    dataDir = mkdtempSync(path.join(tmpdir(), 'servicestelle-upload-'));
    app = await buildApp({
      config: { bodyLimitBytes: 256 * 1024, baseUrl: 'http://127.0.0.1', sessionSecret: TEST_SESSION_SECRET },
      database: testDb.database,
      logger: createLogger('silent', false),
      webRoot: '/nonexistent',
      dataDir,
    });
    await app.ready();
    const account = await createAccount(testDb.database, {
      email: 'kv-fulda-import@example.org',
      role: 'district-admin',
      unit: 'HE-06631',
    });
    fulda = await signIn(app, account);
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const upload = (
    body: Buffer,
    options: { name?: string; type?: string; query?: string; session?: TestSession | null } = {},
  ) => {
    const session = options.session === undefined ? fulda : options.session;
    return app.inject({
      method: 'POST',
      url: `/api/v1/imports/files${options.query ?? ''}`,
      headers: {
        'content-type': options.type ?? 'application/octet-stream',
        ...(options.name ? { 'x-file-name': encodeURIComponent(options.name) } : {}),
        ...(session ? { cookie: session.cookieHeader, 'x-csrf-token': session.cookies.ss_csrf ?? '' } : {}),
      },
      payload: body,
    });
  };

  it('takes a CSV as the raw body, names it from X-File-Name, and describes it', async () => {
    const bytes = readFileSync(path.join(fixtures, 'jverein-with-bad-row.csv'));
    const res = await upload(bytes, { name: 'Mitglieder Fülda.csv' });
    expect(res.statusCode, res.body).toBe(200);
    const file = res.json();
    expect(file).toMatchObject({
      fileId: createHash('sha256').update(bytes).digest('hex'),
      name: 'Mitglieder Fülda.csv',
      size: bytes.length,
      format: 'csv',
      encoding: 'utf-8',
      delimiter: ';',
      knownFormat: 'jverein',
    });
    expect(file.headers).toHaveLength(25);
    expect(file.sample).toHaveLength(3);
    expect(file.suggestedMapping.columns).toMatchObject({
      Nachname: 'lastName',
      Vorname: 'firstName',
      Geburtsdatum: 'birthdate',
      Email: 'email',
    });
  });

  it('reads the file in the encoding the person chose', async () => {
    const bytes = readFileSync(path.join(fixtures, 'synthetic-windows-1252.csv'));
    const detected = await upload(bytes, { name: 'alt.csv', type: 'text/csv' });
    expect(detected.json()).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    const chosen = await upload(bytes, { name: 'alt.csv', type: 'text/csv', query: '?encoding=iso-8859-1' });
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json()).toMatchObject({ encoding: 'iso-8859-1' });
    const wrong = await upload(bytes, { name: 'alt.csv', query: '?encoding=ebcdic' });
    expect(wrong.statusCode).toBe(400);
  });

  it('takes an Excel workbook with its own content type', async () => {
    const res = await upload(readFileSync(path.join(fixtures, 'synthetic.xlsx')), {
      name: 'synthetic.xlsx',
      type: XLSX_TYPE,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      format: 'xlsx',
      encoding: null,
      delimiter: null,
      name: 'synthetic.xlsx',
    });
  });

  it('refuses an empty file, a type that is no table, and a caller who is not signed in', async () => {
    const empty = await upload(Buffer.alloc(0), { name: 'leer.csv' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json()).toMatchObject({ code: 'import.file_invalid' });
    // Named like a workbook but no workbook inside: the person hears that the file cannot be read.
    const broken = await upload(Buffer.from('kein Excel, nur Text'), {
      name: 'kaputt.xlsx',
      type: XLSX_TYPE,
    });
    expect(broken.statusCode, broken.body).toBe(422);
    expect(broken.json()).toMatchObject({ code: 'import.file_invalid' });
    const pdf = await upload(Buffer.from('%PDF-1.4'), { name: 'brief.pdf', type: 'application/pdf' });
    expect(pdf.statusCode).toBe(415);
    const anonymous = await upload(Buffer.from('Vorname;Nachname\nA;B\n'), { name: 'x.csv', session: null });
    expect(anonymous.statusCode).toBe(401);
  });

  it('runs the dry run of an uploaded file and serves its report as CSV for Excel', async () => {
    const uploaded = await upload(readFileSync(path.join(fixtures, 'jverein-with-bad-row.csv')), {
      name: 'jverein.csv',
    });
    const file = uploaded.json();
    const started = await fulda.post('/api/v1/imports', {
      fileId: file.fileId,
      mapping: file.suggestedMapping,
      unitCode: 'HE-06631',
      dryRun: true,
    });
    expect(started.statusCode, started.body).toBe(202);
    const id = started.json().id as string;
    let job = started.json();
    for (let i = 0; i < 300 && (job.status === 'queued' || job.status === 'running'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await fulda.get(`/api/v1/imports/${id}`)).json();
    }
    expect(job).toMatchObject({
      status: 'completed',
      summary: { dryRun: true, rows: 3, imported: 2, rejected: 1, duplicates: 0, issues: 1 },
    });
    const report = await fulda.get(`/api/v1/imports/${id}/report.csv`);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain('text/csv');
    expect(report.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(
      report.body
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .slice(0, 2),
    ).toEqual([
      'Zeile;Spalte;Wert;Meldung',
      '4;Geburtsdatum;31.02.75;„31.02.75“ ist kein gültiges Datum (diesen Tag gibt es nicht).',
    ]);
  });
});
