import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { RoleKey } from '@/contracts/access';
import { buildApp } from '@/server/app';
import type { Database } from '@/server/db/database';
import { createLogger } from '@/server/platform/logger';
import {
  createAccessSettings,
  createUserAsOperator,
  type AccessSettings,
} from '@/server/modules/access/access.service';
import { newTotpSecret, totpAt } from '@/server/modules/access/totp';

/** A password that is long and not on the list of common ones. */
export const TEST_PASSWORD = 'Kornblume-Wanderweg-1987';
/** Shared by the app and the operator functions so that both use the same TOTP encryption key. */
export const TEST_SESSION_SECRET = 'test-session-secret-0123456789abcdefghijklmnop';

/** A clock that tests move forward instead of sleeping. */
export function testClock(start = '2026-03-02T08:00:00.000Z') {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
    minutes: (m: number) => m * 60_000,
  };
}
export type TestClock = ReturnType<typeof testClock>;

export interface TestAppOptions {
  clock?: TestClock;
  smtpUrl?: string;
  auditSigningKeyFile?: string;
}

/** The whole app against the given database, with a movable clock. */
export async function buildTestApp(
  database: Database,
  options: TestAppOptions = {},
): Promise<FastifyInstance> {
  return buildApp({
    config: {
      bodyLimitBytes: 256 * 1024,
      baseUrl: 'http://127.0.0.1',
      sessionSecret: TEST_SESSION_SECRET,
      ...(options.smtpUrl
        ? { smtpUrl: options.smtpUrl, mailFrom: 'Servicestelle <noreply@example.org>' }
        : {}),
      ...(options.auditSigningKeyFile ? { auditSigningKeyFile: options.auditSigningKeyFile } : {}),
    },
    database,
    logger: createLogger('silent', false),
    webRoot: '/nonexistent',
    ...(options.clock ? { clock: options.clock.now } : {}),
  });
}

/** Settings for calling the access module's operator functions directly (same key as the app). */
export function testAccessSettings(clock?: TestClock): AccessSettings {
  return createAccessSettings({
    baseUrl: 'http://127.0.0.1',
    sessionSecret: TEST_SESSION_SECRET,
    logger: createLogger('silent', false),
    clock: clock?.now,
  });
}

export interface TestAccount {
  userId: number;
  email: string;
  password: string;
  totpSecret: string | null;
}

/** An account with one grant, a password and (by default) an enrolled second factor. */
export async function createAccount(
  database: Database,
  input: { email: string; role: RoleKey; unit: string; withTotp?: boolean; clock?: TestClock },
): Promise<TestAccount> {
  const totpSecret = input.withTotp === false ? null : newTotpSecret();
  const { userId } = await createUserAsOperator(database, testAccessSettings(input.clock), {
    email: input.email,
    displayName: input.email.split('@')[0]!,
    role: input.role,
    unitCode: input.unit,
    password: TEST_PASSWORD,
    ...(totpSecret ? { totpSecret } : {}),
  });
  return { userId, email: input.email, password: TEST_PASSWORD, totpSecret };
}

/** A signed-in browser: the session cookie and the CSRF token it must echo. */
export class TestSession {
  constructor(
    readonly app: FastifyInstance,
    readonly cookies: Record<string, string>,
  ) {}

  get cookieHeader(): string {
    return Object.entries(this.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  }

  request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
    url: string,
    body?: unknown,
    options: { csrf?: boolean } = {},
  ) {
    const headers: Record<string, string> = { cookie: this.cookieHeader };
    if (method !== 'GET' && options.csrf !== false) headers['x-csrf-token'] = this.cookies.ss_csrf ?? '';
    return this.app.inject({
      method,
      url,
      headers,
      ...(body !== undefined ? { payload: body as object } : {}),
    });
  }
  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
}

export function cookiesOf(
  res: LightMyRequestResponse,
  into: Record<string, string> = {},
): Record<string, string> {
  for (const c of res.cookies as { name: string; value: string }[]) {
    if (c.value === '') delete into[c.name];
    else into[c.name] = c.value;
  }
  return into;
}

/** Signs in with password and, when the account has one, the current TOTP code. */
export async function signIn(
  app: FastifyInstance,
  account: Pick<TestAccount, 'email' | 'password' | 'totpSecret'>,
  clock?: TestClock,
  ip = '203.0.113.10',
): Promise<TestSession> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: account.email, password: account.password },
    remoteAddress: ip,
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookies = cookiesOf(res);
  if (res.json().status === 'totp_required') {
    // A code is accepted once per 30-second step: move the test clock to a fresh step.
    clock?.advance(30_000);
    const code = totpAt(account.totpSecret!, clock ? clock.now() : new Date());
    const second = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp',
      payload: { code },
      headers: { cookie: `ss_session=${cookies.ss_session}` },
      remoteAddress: ip,
    });
    if (second.statusCode !== 200)
      throw new Error(`second factor failed: ${second.statusCode} ${second.body}`);
    cookiesOf(second, cookies);
  }
  return new TestSession(app, cookies);
}
