import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '@/server/app';
import { loadConfig, type TrustProxy } from '@/server/config';
import { IP_LOCKOUT_FAILURES } from '@/server/modules/access/access.service';
import { createLogger } from '@/server/platform/logger';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';
import { TEST_SESSION_SECRET, testClock, type TestClock } from '../support/auth';

const PROXY = '10.0.0.1';
const CLIENT = '203.0.113.5';
const NEIGHBOUR = '203.0.113.6';
const OUTSIDER = '198.51.100.9';

/**
 * Behind a reverse proxy every request comes from the proxy's address. With TRUST_PROXY the
 * server takes the client's address from X-Forwarded-For (only when the request comes from a
 * trusted proxy), so per-IP sign-in throttling locks out one client, not everyone behind the proxy.
 */
describe.each(databaseKinds)('TRUST_PROXY on %s', (kind) => {
  let testDb: TestDatabase;
  let clock: TestClock;
  let trusting: FastifyInstance;
  let plain: FastifyInstance;

  const build = (trustProxy: TrustProxy) =>
    buildApp({
      config: {
        bodyLimitBytes: 64 * 1024,
        baseUrl: 'http://127.0.0.1',
        sessionSecret: TEST_SESSION_SECRET,
        trustProxy,
      },
      database: testDb.database,
      logger: createLogger('silent', false),
      webRoot: '/nonexistent',
      clock: clock.now,
    });

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    clock = testClock();
    trusting = await build(loadConfig({ TRUST_PROXY: '10.0.0.0/8' }).trustProxy);
    plain = await build(loadConfig({}).trustProxy);
  });
  afterAll(async () => {
    await trusting?.close();
    await plain?.close();
    await testDb?.drop();
  });

  const login = (app: FastifyInstance, from: string, forwardedFor: string, email: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'falsch-falsch-falsch' },
      remoteAddress: from,
      headers: { 'x-forwarded-for': forwardedFor },
    });

  async function recordedIp(email: string): Promise<string | null> {
    const [row] = await testDb.database.query<{ ip: string | null }>(
      'SELECT ip FROM login_attempts WHERE email = $1',
      [email],
    );
    return row?.ip ?? null;
  }

  it('records the client address from a trusted proxy, and the proxy address when trust is off', async () => {
    expect((await login(trusting, PROXY, CLIENT, 'a@example.org')).statusCode).toBe(401);
    expect(await recordedIp('a@example.org')).toBe(CLIENT);
    expect((await login(plain, PROXY, CLIENT, 'b@example.org')).statusCode).toBe(401);
    expect(await recordedIp('b@example.org')).toBe(PROXY);
    // A header sent by anyone else is not believed.
    expect((await login(trusting, OUTSIDER, CLIENT, 'c@example.org')).statusCode).toBe(401);
    expect(await recordedIp('c@example.org')).toBe(OUTSIDER);
  });

  it('throttles the one client behind the proxy, not its neighbours', async () => {
    for (let i = 0; i < IP_LOCKOUT_FAILURES; i++) {
      await testDb.database.query(
        'INSERT INTO login_attempts (email, ip, success, at) VALUES ($1, $2, false, $3)',
        [`probe-${i}@example.org`, CLIENT, clock.now().toISOString()],
      );
    }
    const locked = await login(trusting, PROXY, CLIENT, 'd@example.org');
    expect(locked.statusCode, locked.body).toBe(429);
    expect(locked.json().code).toBe('auth.locked');
    expect((await login(trusting, PROXY, NEIGHBOUR, 'e@example.org')).statusCode).toBe(401);
    // Without trust the server sees only the proxy, whose own record is clean.
    expect((await login(plain, PROXY, CLIENT, 'f@example.org')).statusCode).toBe(401);
  });
});
