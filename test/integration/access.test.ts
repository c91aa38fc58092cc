import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from '@/server/modules/access/totp';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';
import { createUnitTree } from '../support/auth-fixtures';
import {
  TEST_PASSWORD,
  buildTestApp,
  cookiesOf,
  createAccount,
  signIn,
  testClock,
  TestSession,
  type TestAccount,
  type TestClock,
} from '../support/auth';

describe.each(databaseKinds)('sign-in, sessions and tokens on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let clock: TestClock;
  let admin: TestAccount;
  let chair: TestAccount;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    await createUnitTree(testDb.database);
    clock = testClock();
    app = await buildTestApp(testDb.database, { clock });
    admin = await createAccount(testDb.database, {
      email: 'kv-a@example.org',
      role: 'district-admin',
      unit: 'TEST-KA',
      clock,
    });
    chair = await createAccount(testDb.database, {
      email: 'ov-a1@example.org',
      role: 'local-chair',
      unit: 'TEST-KA-1',
      clock,
    });
  });
  afterAll(async () => {
    await app?.close();
    await testDb?.drop();
  });

  const login = (email: string, password: string, ip = '198.51.100.7') =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      remoteAddress: ip,
    });

  it('signs in with password and TOTP, and explains what the user may see', async () => {
    const first = await login(admin.email, admin.password);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ status: 'totp_required' });
    const pending = cookiesOf(first);
    // The password step alone opens nothing.
    const early = await app.inject({
      url: '/api/v1/me',
      headers: { cookie: `ss_session=${pending.ss_session}` },
    });
    expect(early.statusCode).toBe(401);
    // The page's own question never fails: nobody is signed in yet.
    const anonymous = await app.inject({ url: '/api/v1/auth/session' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ signedIn: false, me: null });
    const waiting = await app.inject({
      url: '/api/v1/auth/session',
      headers: { cookie: `ss_session=${pending.ss_session}` },
    });
    expect(waiting.json()).toEqual({ signedIn: false, me: null });

    clock.advance(30_000);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp',
      payload: { code: '000000' },
      headers: { cookie: `ss_session=${pending.ss_session}` },
    });
    expect(wrong.json().code).toBe('auth.totp_invalid');
    const second = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp',
      payload: { code: totpAt(admin.totpSecret!, clock.now()) },
      headers: { cookie: `ss_session=${pending.ss_session}` },
    });
    expect(second.json()).toEqual({ status: 'ok' });
    const cookies = cookiesOf(second);
    // A new session id once signed in.
    expect(cookies.ss_session).not.toBe(pending.ss_session);
    const setCookie = String(second.headers['set-cookie']);
    expect(setCookie).toMatch(/ss_session=[^;]+;.*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    const me = await new TestSession(app, cookies).get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    const state = await new TestSession(app, cookies).get('/api/v1/auth/session');
    expect(state.json()).toEqual({ signedIn: true, me: me.json() });
    expect(me.json()).toMatchObject({
      email: admin.email,
      permissions: expect.arrayContaining(['member:read', 'user:manage']),
      twoFactor: { enabled: true, required: true, enrolmentRequired: false },
    });
    expect(me.json().explanation.de[0]).toBe(
      'Sie sehen die Mitglieder des Kreisverbands Adorf, weil Sie dort Kreisgeschäftsführer/in sind. ' +
        'Bankverbindungen sehen Sie nicht. Dort verwalten Sie auch die Benutzerkonten.',
    );
    // The same TOTP code cannot be used twice.
    const again = await login(admin.email, admin.password);
    const replay = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp',
      payload: { code: totpAt(admin.totpSecret!, clock.now()) },
      headers: { cookie: `ss_session=${cookiesOf(again).ss_session}` },
    });
    expect(replay.json().code).toBe('auth.totp_invalid');
  });

  it('explains a local chair’s restricted view in plain words', async () => {
    const session = await signIn(app, chair, clock);
    const me = (await session.get('/api/v1/me')).json();
    expect(me.explanation.de).toEqual([
      'Sie sehen Namen und Kontaktdaten der Mitglieder des Ortsverbands Adorf-Mitte, weil Sie dort ' +
        'Ortsvorsitzende/r sind. Geburtsdaten, Notizen und Bankverbindungen sehen Sie nicht.',
    ]);
  });

  it('refuses wrong passwords and unknown accounts alike', async () => {
    const wrong = await login(chair.email, 'not-the-password-at-all', '198.51.100.8');
    const unknown = await login('nobody@example.org', 'whatever-password', '198.51.100.8');
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json().code).toBe('auth.invalid_credentials');
    expect(unknown.json().code).toBe('auth.invalid_credentials');
  });

  it('locks an account after 10 failures in 15 minutes, says until when, and opens again', async () => {
    const victim = await createAccount(testDb.database, {
      email: 'locked@example.org',
      role: 'local-chair',
      unit: 'TEST-KB-1',
      clock,
    });
    const firstFailure = clock.now();
    for (let i = 0; i < 10; i++) {
      const res = await login(victim.email, `wrong-password-${i}`, `192.0.2.${i + 1}`);
      expect(res.json().code).toBe('auth.invalid_credentials');
      clock.advance(10_000);
    }
    // Now even the right password is refused, without being checked.
    const locked = await login(victim.email, victim.password);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'auth.locked' });
    const retryAfter = new Date(locked.json().retryAfter);
    expect(retryAfter.getTime()).toBe(firstFailure.getTime() + 15 * 60_000);
    clock.advance(retryAfter.getTime() - clock.now().getTime() + 1000);
    const open = await login(victim.email, victim.password);
    expect(open.statusCode).toBe(200);
    expect(open.json().status).toBe('totp_required');
  });

  it('ends a session after 30 idle minutes and after 12 hours however active', async () => {
    const idle = await signIn(app, chair, clock);
    clock.advance(clock.minutes(29));
    expect((await idle.get('/api/v1/me')).statusCode).toBe(200);
    clock.advance(clock.minutes(31));
    expect((await idle.get('/api/v1/me')).json().code).toBe('auth.required');

    const busy = await signIn(app, chair, clock);
    for (let i = 0; i < 36; i++) {
      clock.advance(clock.minutes(20));
      expect((await busy.get('/api/v1/me')).statusCode).toBe(200);
    }
    clock.advance(clock.minutes(20)); // 12 h 20 min after sign-in
    expect((await busy.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('requires the CSRF header for cookie-authenticated writes', async () => {
    const session = await signIn(app, chair, clock);
    const without = await session.request('POST', '/api/v1/auth/logout', {}, { csrf: false });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('auth.csrf_failed');
    const forged = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: session.cookieHeader, 'x-csrf-token': 'guessed' },
      payload: {},
    });
    expect(forged.json().code).toBe('auth.csrf_failed');
    const ok = await session.post('/api/v1/auth/logout');
    expect(ok.statusCode).toBe(200);
    expect((await session.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('signs out everywhere', async () => {
    const one = await signIn(app, chair, clock);
    const two = await signIn(app, chair, clock);
    const sessions = (await one.get('/api/v1/me/sessions')).json().items;
    expect(sessions.length).toBeGreaterThanOrEqual(2);
    expect((await two.post('/api/v1/auth/logout-all')).statusCode).toBe(200);
    expect((await one.get('/api/v1/me')).statusCode).toBe(401);
    expect((await two.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('issues API tokens with a subset of the owner’s permissions, shown once, sent as Bearer', async () => {
    const session = await signIn(app, admin, clock);
    const beyond = await session.post('/api/v1/me/tokens', {
      name: 'zu viel',
      permissions: ['member:finance:read'],
    });
    expect(beyond.statusCode).toBe(403);
    const created = await session.post('/api/v1/me/tokens', {
      name: 'Webseite',
      days: 30,
      permissions: ['member:read'],
    });
    expect(created.statusCode).toBe(201);
    const { token, info } = created.json();
    expect(token).toMatch(/^ss_/);
    expect(info.permissions).toEqual(['member:read']);
    const bearer = (url: string, method: 'GET' | 'POST' = 'GET', payload?: object) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload ? { payload } : {}),
      });
    const me = await bearer('/api/v1/me');
    expect(me.json()).toMatchObject({ via: 'token', permissions: ['member:read'] });
    // The owner may manage users; the token may not.
    expect((await session.get('/api/v1/users')).statusCode).toBe(200);
    expect((await bearer('/api/v1/users')).json().code).toBe('auth.forbidden');
    // No CSRF header needed with a token, but tokens cannot mint tokens.
    expect((await bearer('/api/v1/me/tokens', 'POST', { name: 'x' })).json().code).toBe('auth.forbidden');
    // The token list never shows the token again.
    expect(JSON.stringify((await session.get('/api/v1/me/tokens')).json())).not.toContain(token);
    // Revoked and expired tokens stop working.
    expect((await session.request('DELETE', `/api/v1/me/tokens/${info.id}`)).statusCode).toBe(204);
    expect((await bearer('/api/v1/me')).statusCode).toBe(401);
    const short = (await session.post('/api/v1/me/tokens', { name: 'kurz', days: 1 })).json();
    clock.advance(clock.minutes(24 * 60 + 1));
    const expired = await app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${short.token}` },
    });
    expect(expired.statusCode).toBe(401);
  });

  it('lets an account that must have 2FA do nothing but enrol, then everything', async () => {
    const fresh = await createAccount(testDb.database, {
      email: 'new-admin@example.org',
      role: 'district-admin',
      unit: 'TEST-KB',
      withTotp: false,
      clock,
    });
    const res = await login(fresh.email, fresh.password);
    expect(res.json()).toEqual({ status: 'enrolment_required' });
    const session = new TestSession(app, cookiesOf(res));
    expect((await session.get('/api/v1/users')).json().code).toBe('auth.enrolment_required');
    expect((await session.get('/api/v1/me')).json().twoFactor).toMatchObject({
      enrolmentRequired: true,
      enabled: false,
    });
    const enrol = (await session.post('/api/v1/me/2fa/enrol')).json();
    expect(enrol.otpauthUri).toMatch(/^otpauth:\/\/totp\/Servicestelle%3Anew-admin%40example\.org\?secret=/);
    expect(enrol.qrSvg).toContain('<svg');
    const confirm = await session.post('/api/v1/me/2fa/confirm', { code: totpAt(enrol.secret, clock.now()) });
    expect(confirm.statusCode).toBe(200);
    const { recoveryCodes } = confirm.json();
    expect(recoveryCodes).toHaveLength(10);
    expect((await session.get('/api/v1/users')).statusCode).toBe(200);
    // The role requires the second factor: it cannot be switched off.
    clock.advance(30_000);
    const off = await session.post('/api/v1/me/2fa/disable', { code: totpAt(enrol.secret, clock.now()) });
    expect(off.json().code).toBe('auth.two_factor_required');
    // A recovery code works once instead of the app.
    const withRecovery = async () => {
      const step1 = await login(fresh.email, fresh.password);
      return app.inject({
        method: 'POST',
        url: '/api/v1/auth/totp',
        payload: { code: recoveryCodes[0] },
        headers: { cookie: `ss_session=${cookiesOf(step1).ss_session}` },
      });
    };
    expect((await withRecovery()).json()).toEqual({ status: 'ok' });
    expect((await withRecovery()).json().code).toBe('auth.totp_invalid');
  });

  it('ends all sessions and stops all tokens of a deactivated account', async () => {
    const target = await createAccount(testDb.database, {
      email: 'leaving@example.org',
      role: 'local-chair',
      unit: 'TEST-KA-1',
      clock,
    });
    const theirs = await signIn(app, target, clock);
    expect((await theirs.get('/api/v1/me')).statusCode).toBe(200);
    const adminSession = await signIn(app, admin, clock);
    const res = await adminSession.request('PATCH', `/api/v1/users/${target.userId}`, { active: false });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    expect((await theirs.get('/api/v1/me')).statusCode).toBe(401);
    expect((await login(target.email, TEST_PASSWORD)).json().code).toBe('auth.invalid_credentials');
  });
});
