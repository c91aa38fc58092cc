import { describe, expect, it } from 'vitest';
import type { APIRequestContext, Page } from 'playwright-core';
import type { MemberList } from '@/contracts/members';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '@/server/modules/access/access.service';
import { expectNoAxeViolations, hasChromium } from './support/browser';
import { Authenticator, signIn } from './support/accounts';
import { useBrowserSuite } from './support/suite';

const FULDA = 'HE-06631';
const DISTRICT_ADMIN = 'kv-fulda@musterpartei.example';
const STATE_ADMIN = 'landesgeschaeftsstelle@musterpartei.example';

/** Reads a German whole number as the page shows it ("1.234"). */
const germanNumber = (text: string) => Number(text.replace(/\./g, ''));

/**
 * The Kreisverband admin of Fulda signs in with password and authenticator code and sees only
 * the members of Kreisverband Fulda wherever members are listed. Each count on the page is
 * compared with the API answer for the same account (the page's own cookies) and with the state
 * admin's larger one, so the check cannot pass by accident.
 */
describe.skipIf(!hasChromium)('scope of a Kreisverband admin in the browser', () => {
  /** The state admin over the API (a second browser context holds its cookies). */
  let state: APIRequestContext;
  /** Each demo account has its own authenticator state (a step is accepted once per account). */
  const districtCodes = new Authenticator(DEMO_TOTP_SECRET);
  const stateCodes = new Authenticator(DEMO_TOTP_SECRET);

  const suite = useBrowserSuite({
    server: { prepare: async (cli) => void (await cli(['demo', '--members', '400'])) },
    setup: async ({ server, browser }) => {
      const context = await browser.newContext({ baseURL: server.baseURL });
      state = context.request;
      const login = await state.post('/api/v1/auth/login', {
        data: { email: STATE_ADMIN, password: DEMO_PASSWORD },
      });
      expect(login.status()).toBe(200);
      const totp = await state.post('/api/v1/auth/totp', { data: { code: await stateCodes.code() } });
      expect(totp.status(), await totp.text()).toBe(200);
      // An applicant in Fulda and one elsewhere, so the queue has someone to show and someone to hide.
      const csrf = (await context.cookies()).find((c) => c.name === 'ss_csrf')?.value ?? '';
      for (const [postcode, city] of [
        ['36037', 'Fulda'],
        ['34117', 'Kassel'],
      ] as const) {
        const created = await state.post('/api/v1/members', {
          headers: { 'x-csrf-token': decodeURIComponent(csrf) },
          data: {
            firstName: 'Anna',
            lastName: `Antrag-${city}`,
            street: 'Bahnhofstraße',
            houseNumber: '1',
            postcode,
            city,
            status: 'applicant',
            confirmDuplicate: true,
          },
        });
        expect(created.status(), await created.text()).toBe(201);
      }
    },
    timeout: 300_000,
  });

  /** GET of the member list as the given request context (cookies of that account). */
  const listAs = async (request: APIRequestContext, query: string): Promise<MemberList> => {
    const res = await request.get(`/api/v1/members?${query}`);
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as MemberList;
  };

  /** The unit code of every member row the table shows (the loading row has one cell only). */
  const unitColumn = async (page: Page, tableName: string): Promise<string[]> => {
    const table = page.getByRole('table', { name: tableName });
    const headers = await table.getByRole('columnheader').allInnerTexts();
    const index = headers.findIndex((h) => h.trim() === 'Gliederung');
    expect(index, `no Gliederung column in ${headers.join(' | ')}`).toBeGreaterThanOrEqual(0);
    const units: string[] = [];
    for (const row of await table.getByRole('row').all()) {
      const cells = await row.getByRole('cell').allInnerTexts();
      if (cells.length === headers.length) units.push(cells[index]!.trim());
    }
    return units;
  };

  const expectOnlyFulda = (units: string[]) => {
    expect(units.length).toBeGreaterThan(0);
    for (const unit of units) expect(unit.startsWith(FULDA), `row of ${unit}`).toBe(true);
  };

  it('sees only members of Kreisverband Fulda in the list, the search, the applicants and the statistics', async () => {
    const page = await suite.open({
      // Chromium logs every 4xx answer of fetch itself: "who am I" before signing in.
      allowConsoleErrors: [/Failed to load resource: the server responded with a status of 401/],
    });
    await signIn(page, { email: DISTRICT_ADMIN, password: DEMO_PASSWORD, authenticator: districtCodes });
    await page.getByRole('button', { name: 'Konto von Karl Kreis (Demo)' }).waitFor();
    // The page's own cookies: the API as the very same signed-in account.
    const me = page.request;

    // The member list: every row in Fulda, and the count is the scoped total.
    await page.getByRole('link', { name: 'Mitglieder', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Mitglieder' }).waitFor();
    const scoped = await listAs(me, 'limit=500');
    const everything = await listAs(state, 'limit=500');
    expect(everything.total).toBeGreaterThan(scoped.total);
    for (const item of scoped.items) expect(item.unitCode.startsWith(FULDA), item.unitCode).toBe(true);
    const count = page.getByRole('status').filter({ hasText: /^\d[\d.]* Mitglieder?$/ });
    await count.waitFor();
    expect(germanNumber((await count.innerText()).split(' ')[0]!)).toBe(scoped.total);
    expectOnlyFulda(await unitColumn(page, 'Mitgliederliste'));
    await expectNoAxeViolations(page);

    // A search for a last name that members inside and outside Fulda share.
    const byName = new Map<string, { inside: number; outside: number }>();
    for (const item of everything.items) {
      const entry = byName.get(item.lastName) ?? { inside: 0, outside: 0 };
      if (item.unitCode.startsWith(FULDA)) entry.inside++;
      else entry.outside++;
      byName.set(item.lastName, entry);
    }
    const [name] = [...byName]
      .filter(([, e]) => e.inside > 0 && e.outside > 0)
      .sort((a, b) => b[1].inside + b[1].outside - (a[1].inside + a[1].outside))
      .map(([n]) => n);
    expect(name, 'a last name in Fulda and elsewhere').toBeDefined();
    const found = await listAs(me, `q=${encodeURIComponent(name!)}&limit=500`);
    const foundByState = await listAs(state, `q=${encodeURIComponent(name!)}&limit=500`);
    expect(foundByState.total).toBeGreaterThan(found.total);
    await page.getByRole('searchbox', { name: 'Suche' }).fill(name!);
    const hits = page.getByRole('status').filter({ hasText: `für „${name}“` });
    await hits.waitFor();
    expect(germanNumber((await hits.innerText()).split(' ')[0]!)).toBe(found.total);
    expectOnlyFulda(await unitColumn(page, 'Mitgliederliste'));

    // The applicant queue.
    await page.goto('/mitglieder/antraege');
    await page.getByRole('heading', { level: 1, name: 'Aufnahmeanträge' }).waitFor();
    const applicants = await listAs(me, 'status=applicant&limit=500');
    const allApplicants = await listAs(state, 'status=applicant&limit=500');
    expect(allApplicants.total).toBeGreaterThan(applicants.total);
    const waiting = page.getByRole('status').filter({ hasText: /warte/ });
    await waiting.waitFor();
    expect(germanNumber((await waiting.innerText()).split(' ')[0]!)).toBe(applicants.total);
    await page.getByRole('link', { name: 'Antrag-Fulda, Anna' }).waitFor();
    expect(await page.getByRole('link', { name: 'Antrag-Kassel, Anna' }).count()).toBe(0);
    const queueCaption = await page.getByRole('table').getByRole('caption').innerText();
    expectOnlyFulda(await unitColumn(page, queueCaption.trim()));
    await expectNoAxeViolations(page);

    // The statistics: the total of the Kreisverband, not of the state.
    await page.goto('/statistik');
    await page.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();
    const stats = await me.get('/api/v1/statistics/members');
    const statsOfState = await state.get('/api/v1/statistics/members');
    const total = ((await stats.json()) as { total: number; unitCode: string }).total;
    expect(((await statsOfState.json()) as { total: number }).total).toBeGreaterThan(total);
    const figures = page.getByRole('region', { name: /^Kreisverband Fulda am / });
    await figures.waitFor();
    const shown = /([\d.]+)\s*\nMitglieder\s*\n/.exec(await figures.innerText());
    expect(shown, await figures.innerText()).not.toBeNull();
    expect(germanNumber(shown![1]!)).toBe(total);

    // Sign out: the page and the API forget the account.
    await page.getByRole('button', { name: 'Konto von Karl Kreis (Demo)' }).click();
    await page.getByRole('menuitem', { name: 'Abmelden', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    expect((await me.get('/api/v1/me')).status()).toBe(401);
    expect((await me.get('/api/v1/members?limit=1')).status()).toBe(401);
  });
});
