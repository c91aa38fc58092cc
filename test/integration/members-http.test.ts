import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';
import { buildTestApp, createAccount, signIn, testClock, type TestSession } from '../support/auth';
import { createHessenSlice } from './members-fixtures';

describe.each(databaseKinds)('member API over HTTP on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let fulda: TestSession;
  let fuldaSecond: TestSession;
  let kassel: TestSession;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    await createHessenSlice(testDb.database);
    const clock = testClock();
    app = await buildTestApp(testDb.database, { clock });
    const a = await createAccount(testDb.database, {
      email: 'kv-fulda@example.org',
      role: 'district-admin',
      unit: 'HE-06631',
      clock,
    });
    const b = await createAccount(testDb.database, {
      email: 'kv-fulda-2@example.org',
      role: 'district-admin',
      unit: 'HE-06631',
      clock,
    });
    const c = await createAccount(testDb.database, {
      email: 'kv-kassel@example.org',
      role: 'district-admin',
      unit: 'HE-06611',
      clock,
    });
    fulda = await signIn(app, a, clock);
    fuldaSecond = await signIn(app, b, clock, '203.0.113.11');
    kassel = await signIn(app, c, clock, '203.0.113.12');
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.drop();
  });

  const patch = (session: TestSession, url: string, body: unknown, ifMatch?: string) =>
    app.inject({
      method: 'PATCH',
      url,
      headers: {
        cookie: session.cookieHeader,
        'x-csrf-token': session.cookies.ss_csrf ?? '',
        ...(ifMatch ? { 'if-match': ifMatch } : {}),
      },
      payload: body as object,
    });

  it('creates, reads with an ETag, and shows the 409 flow when two people edit one member', async () => {
    const created = await fulda.post('/api/v1/members', {
      firstName: 'Maria',
      lastName: 'Müller',
      postcode: '36037',
      city: 'Fulda',
      phone: '0661 998877',
      status: 'member',
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const id = created.json().id as number;
    expect(created.json()).toMatchObject({ unitCode: 'HE-06631009', phone: '+49661998877' });

    const readA = await fulda.get(`/api/v1/members/${id}`);
    const readB = await fuldaSecond.get(`/api/v1/members/${id}`);
    expect(readA.headers.etag).toBe('"1"');
    expect(readB.headers.etag).toBe('"1"');

    const saveA = await patch(
      fulda,
      `/api/v1/members/${id}`,
      { city: 'Fulda-Innenstadt' },
      readA.headers.etag as string,
    );
    expect(saveA.statusCode).toBe(200);
    expect(saveA.headers.etag).toBe('"2"');

    const saveB = await patch(
      fuldaSecond,
      `/api/v1/members/${id}`,
      { city: 'Petersberg' },
      readB.headers.etag as string,
    );
    expect(saveB.statusCode).toBe(409);
    expect(saveB.headers['content-type']).toContain('application/problem+json');
    expect(saveB.json()).toMatchObject({
      code: 'member.version_conflict',
      currentVersion: 2,
      current: { id, city: 'Fulda-Innenstadt', version: 2 },
    });

    const retry = await patch(fuldaSecond, `/api/v1/members/${id}`, { city: 'Petersberg' }, '"2"');
    expect(retry.statusCode).toBe(200);
    const without = await patch(fulda, `/api/v1/members/${id}`, { city: 'Fulda' });
    expect(without.statusCode).toBe(428);
    expect(without.json().code).toBe('member.version_required');
  });

  it('finds Müller typed as Mueller, and Maier typed as Meyer', async () => {
    await fulda.post('/api/v1/members', {
      firstName: 'Bernd',
      lastName: 'Maier',
      postcode: '36037',
      status: 'member',
    });
    const mueller = await fulda.get('/api/v1/members?q=Mueller');
    expect(mueller.statusCode).toBe(200);
    expect(mueller.json().items.map((i: { lastName: string }) => i.lastName)).toEqual(['Müller']);
    const meyer = await fulda.get('/api/v1/members?q=Meyer');
    expect(meyer.json().items.map((i: { lastName: string; match: string }) => [i.lastName, i.match])).toEqual(
      [['Maier', 'phonetic']],
    );
    expect(meyer.json()).toMatchObject({ total: 1, nextCursor: null });
    const list = await fulda.get('/api/v1/members?unit=HE-06631&status=member&limit=1');
    expect(list.json()).toMatchObject({ total: 2 });
    expect(list.json().items[0]).toEqual(
      expect.objectContaining({
        id: expect.any(Number),
        memberNumber: expect.any(String),
        unitCode: 'HE-06631009',
        version: 1,
      }),
    );
    expect(list.json().nextCursor).toEqual(expect.any(String));
  });

  it('admits an applicant and records a resignation; refuses an impossible step with the possible ones', async () => {
    const applicant = await fulda.post('/api/v1/members', {
      firstName: 'Jan',
      lastName: 'Neu',
      postcode: '36039',
      since: '2026-02-01',
    });
    const id = applicant.json().id as number;
    const admit = await fulda.post(`/api/v1/members/${id}/transitions`, {
      type: 'admit',
      effectiveDate: '2026-03-01',
    });
    expect(admit.statusCode).toBe(200);
    expect(admit.json()).toMatchObject({
      status: 'provisional',
      memberNumber: expect.stringMatching(/^\d{8}$/),
    });
    const wrong = await fulda.post(`/api/v1/members/${id}/transitions`, {
      type: 'reactivate',
      effectiveDate: '2026-03-02',
    });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json()).toMatchObject({
      code: 'member.invalid_transition',
      allowed: ['confirm', 'object', 'resign', 'expel', 'decease'],
    });
    const resign = await fulda.post(`/api/v1/members/${id}/transitions`, {
      type: 'resign',
      effectiveDate: '2026-03-31',
      reason: 'Brief',
    });
    expect(resign.statusCode).toBe(200);
  });

  it('asks which Gemeinde for a postcode spanning two', async () => {
    const res = await kassel.post('/api/v1/members', {
      firstName: 'Uwe',
      lastName: 'Grenze',
      postcode: '34127',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'member.residence_ambiguous',
      choices: [
        { ags: '06611000', placeName: 'Kassel' },
        { ags: '06633009', placeName: 'Fuldatal' },
      ],
    });
    const chosen = await kassel.post('/api/v1/members', {
      firstName: 'Uwe',
      lastName: 'Grenze',
      postcode: '34127',
      gemeindeAgs: '06611000',
    });
    expect(chosen.statusCode).toBe(201);
  });

  it('needs a login and denies what is outside the caller’s units', async () => {
    expect((await app.inject({ url: '/api/v1/members' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/v1/members/1' })).statusCode).toBe(401);
    const fuldaMember = (await fulda.get('/api/v1/members?q=Maier')).json().items[0].id as number;
    expect((await kassel.get(`/api/v1/members/${fuldaMember}`)).statusCode).toBe(404);
    expect((await kassel.get('/api/v1/members?unit=HE-06631')).statusCode).toBe(403);
    expect((await kassel.get('/api/v1/members?q=Maier')).json()).toMatchObject({ items: [], total: 0 });
  });

  it('documents the member routes in the OpenAPI document', async () => {
    const res = await app.inject({ url: '/api/v1/openapi.json' });
    const doc = res.json();
    for (const path of [
      '/api/v1/members',
      '/api/v1/members/{id}',
      '/api/v1/members/{id}/transitions',
      '/api/v1/mandates',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
