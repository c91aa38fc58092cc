import { inflateSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';
import { createTestMembers, createUnitTree, type TestUnitCode } from '../support/auth-fixtures';
import { buildTestApp, createAccount, signIn, testClock, type TestSession } from '../support/auth';

/** The text of a PDF's streams, inflated where compressed. */
function pdfStreams(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const out: string[] = [];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    const chunk = pdf.subarray(start, end);
    try {
      out.push(inflateSync(chunk).toString('latin1'));
    } catch {
      out.push(chunk.toString('latin1'));
    }
  }
  return out.join('\n');
}

describe.each(databaseKinds)('access report and audited grants on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let members: Record<TestUnitCode, number>;
  let kvAdmin: TestSession;
  let dpo: TestSession;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    const units = await createUnitTree(testDb.database);
    members = await createTestMembers(testDb.database, units);
    const clock = testClock();
    app = await buildTestApp(testDb.database, { clock });
    const admin = await createAccount(testDb.database, {
      email: 'kgf@example.org',
      role: 'district-admin',
      unit: 'TEST-KA',
      clock,
    });
    const officer = await createAccount(testDb.database, {
      email: 'dsb@example.org',
      role: 'data-protection-officer',
      unit: 'TEST-KA',
      clock,
    });
    kvAdmin = await signIn(app, admin, clock);
    dpo = await signIn(app, officer, clock);
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.drop();
  });

  it('tells who read the member, in which role and unit', async () => {
    const id = members['TEST-KA-1'];
    expect((await kvAdmin.get(`/api/v1/members/${id}`)).statusCode).toBe(200);
    const res = await dpo.get(`/api/v1/members/${id}/access-report`);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.member).toMatchObject({ id, name: 'Erika Muster-TEST-KA-1' });
    const read = report.entries.find((e: { action: string }) => e.action === 'member.read');
    expect(read).toMatchObject({
      account: 'kgf@example.org',
      roles: [{ role: 'district-admin', roleName: 'Kreisgeschäftsführer/in', unitCode: 'TEST-KA' }],
      what: { de: 'hat Ihren Datensatz angesehen' },
    });
    // Producing the report is itself on record.
    const audit = (await dpo.get(`/api/v1/audit?action=member.access_report&member=${id}`)).json();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0].actorName).toBe('dsb@example.org');
  });

  it('renders the report as a PDF letter with an embedded font that has the umlauts', async () => {
    const res = await dpo.get(`/api/v1/members/${members['TEST-KA']}/access-report?format=pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const streams = pdfStreams(pdf);
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2? /);
    // The embedded font's ToUnicode map covers ü (U+00FC) and ß (U+00DF), as in "Grüßen".
    expect(streams).toMatch(/<00fc>/i);
    expect(streams).toMatch(/<00df>/i);
  });

  it('refuses the report outside the officer’s units, and to roles without audit:read', async () => {
    expect((await dpo.get(`/api/v1/members/${members['TEST-KB']}/access-report`)).statusCode).toBe(404);
    expect((await kvAdmin.get(`/api/v1/members/${members['TEST-KA']}/access-report`)).statusCode).toBe(403);
  });

  it('refuses and records a grant beyond the granter’s permissions or scope', async () => {
    const created = await kvAdmin.post('/api/v1/users', {
      email: 'helfer@example.org',
      displayName: 'Helfer',
      unitCode: 'TEST-KA-1',
    });
    const userId = created.json().user.id;
    const finance = await kvAdmin.post(`/api/v1/users/${userId}/grants`, {
      role: 'district-treasurer',
      unitCode: 'TEST-KA',
    });
    expect(finance.statusCode).toBe(403);
    const sibling = await kvAdmin.post(`/api/v1/users/${userId}/grants`, {
      role: 'local-chair',
      unitCode: 'TEST-KB-1',
    });
    expect(sibling.statusCode).toBe(403);
    const fine = await kvAdmin.post(`/api/v1/users/${userId}/grants`, {
      role: 'local-chair',
      unitCode: 'TEST-KA-1',
    });
    expect(fine.statusCode).toBe(200);
    expect(fine.json().grants).toEqual([
      expect.objectContaining({ role: 'local-chair', unitCode: 'TEST-KA-1' }),
    ]);

    const refused = (await dpo.get('/api/v1/audit?action=grant.refused')).json().items;
    expect(refused.map((e: { details: { role: string } }) => e.details.role)).toContain('district-treasurer');
    const granted = (await dpo.get('/api/v1/audit?action=grant.create')).json().items;
    expect(granted.some((e: { actorName: string }) => e.actorName === 'kgf@example.org')).toBe(true);
  });

  it('verifies the trail written by all of the above', async () => {
    const res = await dpo.get('/api/v1/audit/verify');
    expect(res.json()).toMatchObject({ ok: true, firstProblem: null });
    expect(res.json().entries).toBeGreaterThan(5);
  });
});
