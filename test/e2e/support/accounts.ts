import type { Page } from 'playwright-core';
import { timeStep, totpAt } from '@/server/modules/access/totp';

/** A signed-in API session: its cookies, for a browser context or for further API calls. */
export interface ApiSession {
  cookies: { name: string; value: string }[];
  csrf: string;
}

function cookiesOf(response: Response, previous: ApiSession['cookies'] = []): ApiSession['cookies'] {
  const jar = new Map(previous.map((c) => [c.name, c.value]));
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const index = pair!.indexOf('=');
    jar.set(pair!.slice(0, index), pair!.slice(index + 1));
  }
  return [...jar].filter(([, value]) => value !== '').map(([name, value]) => ({ name, value }));
}

async function call(
  baseURL: string,
  path: string,
  body: unknown,
  session?: ApiSession,
): Promise<{ response: Response; json: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (session) {
    headers.cookie = session.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    headers['x-csrf-token'] = session.csrf;
  }
  const response = await fetch(`${baseURL}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { response, json: await response.json() };
}

function sessionFrom(response: Response, previous?: ApiSession): ApiSession {
  const cookies = cookiesOf(response, previous?.cookies);
  const csrf = cookies.find((c) => c.name === 'ss_csrf')?.value ?? previous?.csrf ?? '';
  return { cookies, csrf: decodeURIComponent(csrf) };
}

/**
 * The authenticator of one account in a test: codes as an app shows them, each 30-second step used
 * once at most (the server refuses a replayed step), waiting for the next step when needed.
 */
export class Authenticator {
  private lastStep = -1;
  constructor(readonly secret: string) {}

  async code(): Promise<string> {
    // The server accepts one step of drift either way: lastStep + 1 is fine while the clock is at lastStep.
    while (timeStep(new Date()) < this.lastStep) await new Promise((r) => setTimeout(r, 500));
    const step = Math.max(timeStep(new Date()), this.lastStep + 1);
    this.lastStep = step;
    return totpAt(this.secret, new Date(step * 30_000 + 1_000));
  }
}

/**
 * Signs in over the API and sets up the second factor the way the set-up page does; returns the
 * (now full) session and the account's authenticator.
 */
export async function enrolOverApi(
  baseURL: string,
  email: string,
  password: string,
): Promise<{ session: ApiSession; authenticator: Authenticator; recoveryCodes: string[] }> {
  const login = await call(baseURL, '/api/v1/auth/login', { email, password });
  if ((login.json as { status?: string }).status !== 'enrolment_required')
    throw new Error(`sign-in of ${email}: ${JSON.stringify(login.json)}`);
  let session = sessionFrom(login.response);
  const enrol = await call(baseURL, '/api/v1/me/2fa/enrol', {}, session);
  session = sessionFrom(enrol.response, session);
  const authenticator = new Authenticator((enrol.json as { secret: string }).secret);
  const confirm = await call(
    baseURL,
    '/api/v1/me/2fa/confirm',
    { code: await authenticator.code() },
    session,
  );
  if (!confirm.response.ok) throw new Error(`2FA confirm of ${email}: ${JSON.stringify(confirm.json)}`);
  return {
    session: sessionFrom(confirm.response, session),
    authenticator,
    recoveryCodes: (confirm.json as { recoveryCodes: string[] }).recoveryCodes,
  };
}

/** One failed sign-in; returns the status and problem document. */
export async function failSignIn(baseURL: string, email: string): Promise<{ status: number; body: unknown }> {
  const { response, json } = await call(baseURL, '/api/v1/auth/login', {
    email,
    password: 'definitiv-falsches-passwort',
  });
  return { status: response.status, body: json };
}

/**
 * Signs in through the sign-in page as a person would: e-mail and password, then the code of the
 * account's authenticator; resolves once the page has left the sign-in page.
 */
export async function signIn(
  page: Page,
  account: { email: string; password: string; authenticator: Authenticator },
): Promise<void> {
  await page.goto('/anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(account.email);
  await page.getByRole('textbox', { name: 'Passwort' }).fill(account.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page
    .getByLabel('Bestätigungscode aus Ihrer Authenticator-App')
    .fill(await account.authenticator.code());
  await page.getByRole('button', { name: 'Bestätigen' }).click();
  await page.waitForURL((url) => url.pathname !== '/anmelden');
}

/**
 * The CLI arguments of `servicestelle user add` for an account; the name defaults to the e-mail.
 * Add `--password-stdin` to set a password, or leave it out to get a set-up link.
 */
export function userAddArgs(account: { email: string; name?: string; role: string; unit: string }): string[] {
  return [
    'user',
    'add',
    '--email',
    account.email,
    '--name',
    account.name ?? account.email,
    '--role',
    account.role,
    '--unit',
    account.unit,
  ];
}
