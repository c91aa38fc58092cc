import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';
import { buildTestApp, createAccount, signIn, testClock, type TestSession } from '../support/auth';
import { createHessenSlice } from './members-fixtures';

describe.each(databaseKinds)('saved member lists over HTTP on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let fulda: TestSession;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    await createHessenSlice(testDb.database);
    const clock = testClock();
    app = await buildTestApp(testDb.database, { clock });
    const account = await createAccount(testDb.database, {
      email: 'kv-fulda@example.org',
      role: 'district-admin',
      unit: 'HE-06631',
      clock,
    });
    fulda = await signIn(app, account, clock);
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.drop();
  });

  it('saves the filters the list page sends (sort, statuses, consent) for oneself and reads them back', async () => {
    const saved = await fulda.post('/api/v1/saved-lists', {
      name: 'Newsletter',
      query: { sort: 'name', consent: 'email', status: ['member', 'applicant'] },
      sharedWithUnitCode: null,
    });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json()).toMatchObject({
      name: 'Newsletter',
      query: { consent: 'email', status: ['member', 'applicant'] },
      sharedWithUnitCode: null,
      ownedByMe: true,
    });
    const lists = await fulda.get('/api/v1/saved-lists');
    expect(lists.statusCode, lists.body).toBe(200);
    expect(lists.json().items.map((l: { name: string }) => l.name)).toEqual(['Newsletter']);
  });

  it("shares a list with a unit of one's own, refuses another, and deletes one's own list", async () => {
    const shared = await fulda.post('/api/v1/saved-lists', {
      name: 'Vorstände',
      query: { function: 'chair', gender: ['female'], ageMin: 30 },
      sharedWithUnitCode: 'HE-06631',
    });
    expect(shared.statusCode, shared.body).toBe(201);
    expect(shared.json()).toMatchObject({
      sharedWithUnitCode: 'HE-06631',
      query: { function: 'chair', gender: ['female'], ageMin: 30 },
    });
    const elsewhere = await fulda.post('/api/v1/saved-lists', {
      name: 'Kassel',
      query: {},
      sharedWithUnitCode: 'HE-06611',
    });
    expect(elsewhere.statusCode).toBe(403);

    const removed = await fulda.request('DELETE', `/api/v1/saved-lists/${shared.json().id}`);
    expect(removed.statusCode).toBe(204);
    const lists = await fulda.get('/api/v1/saved-lists');
    expect(lists.json().items.map((l: { name: string }) => l.name)).not.toContain('Vorstände');
  });
});
