import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleKeys } from '@/contracts/access';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, demoAccounts } from '@/server/modules/access/access.service';
import { loadDemo } from '@/server/modules/demo/demo.service';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { buildTestApp, signIn, testClock } from '../support/auth';

// The documented demo accounts: one per role, password and second factor as in docs/security.md.
describe('demo accounts', () => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  const clock = testClock();

  beforeAll(async () => {
    testDb = await createTestDatabase('pglite');
    await loadDemo(testDb.database, { members: 200, seed: 3 });
    app = await buildTestApp(testDb.database, { clock });
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.drop();
  });

  it('has one account per predefined role', () => {
    expect(demoAccounts.map((a) => a.role).sort()).toEqual([...roleKeys].sort());
  });

  it('signs in as the Kreisgeschäftsführer of Fulda with the documented password and TOTP secret', async () => {
    const account = demoAccounts.find((a) => a.role === 'district-admin')!;
    const session = await signIn(
      app,
      { email: account.email, password: DEMO_PASSWORD, totpSecret: DEMO_TOTP_SECRET },
      clock,
    );
    const me = (await session.get('/api/v1/me')).json();
    expect(me.explanation.de[0]).toMatch(
      /^Sie sehen die Mitglieder des Kreisverbands Fulda, weil Sie dort Kreisgeschäftsführer\/in sind\./,
    );
    const list = (await session.get('/api/v1/members?limit=500')).json();
    expect(list.total).toBeGreaterThan(0);
    expect(list.items.every((m: { unitCode: string }) => m.unitCode.startsWith('HE-06631'))).toBe(true);
  });

  it('survives replacing the demo', async () => {
    await loadDemo(testDb.database, { members: 50, seed: 4, replace: true });
    const account = demoAccounts.find((a) => a.role === 'local-chair')!;
    const session = await signIn(
      app,
      { email: account.email, password: DEMO_PASSWORD, totpSecret: DEMO_TOTP_SECRET },
      clock,
    );
    expect((await session.get('/api/v1/me')).json().grants[0].unitCode).toBe('HE-06631009');
  });
});
