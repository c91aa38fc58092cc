import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';
import { createUnitTree } from '../support/auth-fixtures';
import { ensureFirstAdmin } from '@/server/modules/access/access.service';
import {
  buildTestApp,
  createAccount,
  signIn,
  testAccessSettings,
  testClock,
  type TestAccount,
  type TestClock,
} from '../support/auth';

interface Mail {
  to: string[];
  raw: string;
}

/** A real SMTP server in this process; the app sends through SMTP_URL like in production. */
async function startSmtp(): Promise<{ url: string; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The link in a (quoted-printable) mail body. */
function linkIn(raw: string): string {
  const body = raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
  const match = /https?:\/\/\S+#token=([A-Za-z0-9_-]+)/.exec(body);
  if (!match) throw new Error(`no link in mail:\n${raw}`);
  return match[1]!;
}

describe.each(databaseKinds)('password reset and setup links on %s', (kind) => {
  let testDb: TestDatabase;
  let app: FastifyInstance;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let clock: TestClock;
  let account: TestAccount;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    await createUnitTree(testDb.database);
    smtp = await startSmtp();
    clock = testClock();
    app = await buildTestApp(testDb.database, { clock, smtpUrl: smtp.url });
    account = await createAccount(testDb.database, {
      email: 'vergesslich@example.org',
      role: 'local-chair',
      unit: 'TEST-KA-1',
      clock,
    });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await testDb?.drop();
  });

  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });

  it('mails a reset link through SMTP; the link sets a new password once and ends old sessions', async () => {
    const before = await signIn(app, account, clock);
    const res = await post('/api/v1/auth/password-reset', { email: 'Vergesslich@Example.org' });
    expect(res.statusCode).toBe(202);
    await expect.poll(() => smtp.mails.length).toBe(1);
    const mail = smtp.mails[0]!;
    expect(mail.to).toEqual(['vergesslich@example.org']);
    expect(mail.raw).toMatch(/Subject: Servicestelle: Passwort =\?|Subject: .*Passwort/);
    const token = linkIn(mail.raw);

    // A common password is refused, and the link stays valid for a better one.
    const common = await post('/api/v1/auth/password-reset/confirm', { token, password: 'password1234' });
    expect(common.statusCode).toBe(422);
    expect(common.json().code).toBe('auth.password_too_common');
    const ok = await post('/api/v1/auth/password-reset/confirm', {
      token,
      password: 'Apfelbaum-im-Herbst-7',
    });
    expect(ok.statusCode).toBe(200);
    const reused = await post('/api/v1/auth/password-reset/confirm', {
      token,
      password: 'Birnbaum-im-Winter-8',
    });
    expect(reused.json().code).toBe('auth.link_invalid');

    expect((await before.get('/api/v1/me')).statusCode).toBe(401);
    const old = await post('/api/v1/auth/login', { email: account.email, password: account.password });
    expect(old.json().code).toBe('auth.invalid_credentials');
    const fresh = await signIn(app, { ...account, password: 'Apfelbaum-im-Herbst-7' }, clock);
    expect((await fresh.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const count = smtp.mails.length;
    const res = await post('/api/v1/auth/password-reset', { email: 'niemand@example.org' });
    expect(res.statusCode).toBe(202);
    expect(smtp.mails.length).toBe(count);
  });

  it('expires a reset link after an hour', async () => {
    const count = smtp.mails.length;
    await post('/api/v1/auth/password-reset', { email: account.email });
    await expect.poll(() => smtp.mails.length).toBe(count + 1);
    const token = linkIn(smtp.mails.at(-1)!.raw);
    clock.advance(61 * 60_000);
    const res = await post('/api/v1/auth/password-reset/confirm', {
      token,
      password: 'Kirschblüte-im-Mai-9',
    });
    expect(res.json().code).toBe('auth.link_invalid');
  });

  it('creates an account with a one-time setup link that also goes out by mail', async () => {
    const admin = await createAccount(testDb.database, {
      email: 'kv@example.org',
      role: 'district-admin',
      unit: 'TEST-KA',
      clock,
    });
    const session = await signIn(app, admin, clock);
    const count = smtp.mails.length;
    const created = await session.post('/api/v1/users', {
      email: 'neu@example.org',
      displayName: 'Neue Ortsvorsitzende',
      unitCode: 'TEST-KA-1',
      grants: [{ role: 'local-chair', unitCode: 'TEST-KA-1' }],
    });
    expect(created.statusCode).toBe(201);
    const { setupLink, user } = created.json();
    expect(user.passwordSet).toBe(false);
    await expect.poll(() => smtp.mails.length).toBe(count + 1);
    const token = linkIn(smtp.mails.at(-1)!.raw);
    expect(setupLink).toContain(`#token=${token}`);
    const setup = await post('/api/v1/auth/setup', { token, password: 'Sonnenblume-am-Zaun-3' });
    expect(setup.statusCode).toBe(200);
    // The role needs a second factor: signed in, the new account can only enrol.
    const login = await post('/api/v1/auth/login', {
      email: 'neu@example.org',
      password: 'Sonnenblume-am-Zaun-3',
    });
    expect(login.json()).toEqual({ status: 'enrolment_required' });
  });
});

describe.each(databaseKinds)('first start without the demo on %s', (kind) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it('creates one system-admin (and a top unit) with a setup link, however many instances start', async () => {
    const settings = testAccessSettings();
    const results = await Promise.all([
      ensureFirstAdmin(testDb.database, settings),
      ensureFirstAdmin(testDb.database, settings),
    ]);
    const created = results.filter((r) => r !== null);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ email: 'admin@servicestelle.invalid', unitCode: 'LV' });
    expect(created[0]!.setupLink).toMatch(/^http:\/\/127\.0\.0\.1\/konto\/einrichten#token=/);
    expect(await ensureFirstAdmin(testDb.database, settings)).toBeNull();
    const app = await buildTestApp(testDb.database);
    try {
      const token = created[0]!.setupLink.split('#token=')[1];
      const setup = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/setup',
        payload: { token, password: 'Erster-Start-am-Morgen-1' },
      });
      expect(setup.statusCode).toBe(200);
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'admin@servicestelle.invalid', password: 'Erster-Start-am-Morgen-1' },
      });
      expect(login.json()).toEqual({ status: 'enrolment_required' });
    } finally {
      await app.close();
    }
  });
});
