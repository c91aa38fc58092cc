import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { MemberStatistics } from '@/contracts/statistics';
import { totpAt } from '@/server/modules/access/totp';
import { expectNoAxeViolations, hasChromium, isFocused, openPage, viewports } from './support/browser';
import { userAddArgs } from './support/accounts';
import { useBrowserSuite } from './support/suite';

const PASSWORD = 'Kornblume-Wanderweg-1987';
const accounts = {
  state: { email: 'lgs-statistik@example.org', role: 'state-admin', unit: 'HE' },
  /** A second state admin: the first has its second factor set up by then. */
  stateAgain: { email: 'lgs-statistik-2@example.org', role: 'state-admin', unit: 'HE' },
  /** A third, for the past day (each account sets up its second factor once). */
  statePast: { email: 'lgs-statistik-3@example.org', role: 'state-admin', unit: 'HE' },
  fulda: { email: 'kv-fulda-statistik@example.org', role: 'district-admin', unit: 'HE-06631' },
} as const;

/** Signs in through the API in the page's context (its cookies) and sets up the second factor. */
async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/');
  const csrf = async () => (await page.context().cookies()).find((c) => c.name === 'ss_csrf')?.value ?? '';
  const post = async (url: string, data: unknown) =>
    page.request.post(url, { data: data as object, headers: { 'x-csrf-token': await csrf() } });
  const login = await post('/api/v1/auth/login', { email, password: PASSWORD });
  expect(login.status(), await login.text()).toBe(200);
  expect((await login.json()).status).toBe('enrolment_required');
  const enrol = await post('/api/v1/me/2fa/enrol', {});
  expect(enrol.status(), await enrol.text()).toBe(200);
  const { secret } = (await enrol.json()) as { secret: string };
  const confirm = await post('/api/v1/me/2fa/confirm', { code: totpAt(secret, new Date()) });
  expect(confirm.status(), await confirm.text()).toBe(200);
}

async function statistics(page: Page, query = ''): Promise<MemberStatistics> {
  const response = await page.request.get(`/api/v1/statistics/members${query}`);
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as MemberStatistics;
}

const german = (n: number) => new Intl.NumberFormat('de-DE').format(n);

describe.skipIf(!hasChromium)('statistics page', () => {
  /**
   * The demo and accounts made through the CLI (state admins at HE, a district admin at KV
   * Fulda), each of which sets up its second factor at the first sign-in.
   */
  const suite = useBrowserSuite({
    server: {
      prepare: async (cli) => {
        await cli(['demo', '--members', '400']);
        for (const a of Object.values(accounts)) {
          await cli([...userAddArgs(a), '--password-stdin'], PASSWORD);
        }
      },
    },
  });

  const open = async (email: string, viewport: { width: number; height: number } = viewports.laptop) => {
    const page = await suite.open({
      viewport,
      allowConsoleErrors: [/Failed to load resource: the server responded with a status of 40[13]/],
    });
    await signIn(page, email);
    return page;
  };

  it('shows a state admin the map of the Kreise, with the same count on Fulda as the API', async () => {
    const page = await open(accounts.state.email);
    await page.goto('/');
    await page.getByRole('link', { name: 'Statistik' }).click();
    await page.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();
    const map = page.getByRole('group', { name: /^Karte der hessischen Kreise/ });
    await map.waitFor();

    const api = await statistics(page);
    expect(api.unitCode).toBe('HE');
    expect(api.byDistrict).toHaveLength(26);
    const fulda = api.byDistrict.find((d) => d.ags === '06631')!;
    expect(fulda.count).toBeGreaterThan(0);
    const area = map.getByRole('img', { name: `${fulda.name}: ${german(fulda.count)} Mitglieder` });
    await area.focus();
    expect(await isFocused(area)).toBe(true);
    expect(await map.getByRole('img').count()).toBe(26);
    // The table is the map's text alternative: the same figure in Fulda's row.
    const row = page.getByRole('row', { name: new RegExp(`^${fulda.name} ${german(fulda.count)}$`) });
    await row.waitFor();
    await page.getByText('© GeoBasis-DE / BKG 2021 (Daten verändert)').waitFor();
    // The pyramid shows women and men; the others are counted beside it.
    const others = api.agePyramid.reduce((sum, b) => sum + b.diverse + b.unspecified, 0);
    await page
      .getByText(
        `Frauen links, Männer rechts. Divers oder ohne Angabe (je Altersgruppe in der CSV-Datei): ${german(others)}. Ohne bekanntes Geburtsdatum: ${german(api.ageUnknown)}.`,
      )
      .waitFor();
    await page.getByRole('button', { name: 'Mitglieder je Kreis als CSV herunterladen' }).waitFor();
    await expectNoAxeViolations(page);

    // The chart as a picture: a PNG download drawn from the SVG.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Alterspyramide als Bild (PNG) herunterladen' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^alterspyramide-HE-\d{4}-\d{2}-\d{2}\.png$/);

    // The map as a picture carries the BKG attribution on a line below the map (the licence asks
    // for it with every copy): the PNG is taller than the map drawn at twice its size.
    const [mapPng] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Mitglieder je Kreis als Bild (PNG) herunterladen' }).click(),
    ]);
    expect(mapPng.suggestedFilename()).toMatch(/^mitglieder-je-kreis-HE-\d{4}-\d{2}-\d{2}\.png$/);
    const png = readFileSync((await mapPng.path())!);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const mapHeight = await map.evaluate((svg) => (svg as SVGSVGElement).viewBox.baseVal.height);
    expect(png.readUInt32BE(20)).toBeGreaterThan(Math.round(mapHeight * 2));
  });

  it('shows the figures of a past day: the address, the heading, the total and the monthly CSV agree with the API', async () => {
    const page = await open(accounts.statePast.email);
    await page.goto('/statistik');
    await page.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();
    const today = await statistics(page);
    const pastDay = `${Number(today.asOf.slice(0, 4)) - 1}-06-30`;
    await page.getByLabel('Stand am').fill(pastDay);
    await page.waitForURL((url) => url.searchParams.get('asOf') === pastDay);

    const past = await statistics(page, `?asOf=${pastDay}`);
    expect(past.asOf).toBe(pastDay);
    const [year, month, day] = pastDay.split('-');
    await page
      .getByRole('heading', { level: 2, name: `${past.unitName} am ${day}.${month}.${year}` })
      .waitFor();
    await page.getByRole('row', { name: new RegExp(`^Zusammen ${german(past.total)}$`) }).waitFor();

    // Joins and leaves per month up to that day, as CSV: the same months and numbers as the API.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Eintritte und Austritte je Monat als CSV herunterladen' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`eintritte-austritte-HE-${pastDay}.csv`);
    const lines = readFileSync((await download.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split(/\r?\n/);
    expect(lines[0]).toBe('Monat;Eintritte;Austritte');
    expect(lines.slice(1)).toEqual(past.joinsAndLeaves.map((m) => `${m.month};${m.joins};${m.leaves}`));
    expect(past.joinsAndLeaves.at(-1)?.month).toBe(pastDay.slice(0, 7));
    await expectNoAxeViolations(page);
  });

  it("gives a Kreisverband admin their own Kreis only: the total is Fulda's count", async () => {
    const page = await open(accounts.fulda.email, viewports.phone);
    await page.goto('/statistik');
    await page.getByRole('heading', { level: 1, name: 'Statistik' }).waitFor();
    const own = await statistics(page);
    expect(own.unitCode).toBe('HE-06631');
    expect(own.byDistrict.map((d) => d.ags)).toEqual(['06631']);

    const forbidden = await page.request.get('/api/v1/statistics/members?unit=HE');
    expect(forbidden.status()).toBe(403);

    // What the Landesverband sees for Fulda on the same day.
    const stateView = await openPage(suite.browser, { baseURL: suite.server.baseURL });
    try {
      await signIn(stateView.page, accounts.stateAgain.email);
      const all = await statistics(stateView.page, `?asOf=${own.asOf}`);
      const fulda = all.byDistrict.find((d) => d.ags === '06631')!;
      expect(own.total).toBe(fulda.count);
      expect(own.total).toBeLessThan(all.total);
    } finally {
      await stateView.close();
    }

    const map = page.getByRole('group', { name: /^Karte der hessischen Kreise/ });
    await map.waitFor();
    expect(await map.getByRole('img').count()).toBe(1);
    await map
      .getByRole('img', { name: `${own.byDistrict[0]!.name}: ${german(own.total)} Mitglieder` })
      .waitFor();
    await page.getByRole('heading', { level: 2, name: new RegExp(`^${own.unitName} am `) }).waitFor();
    await page.getByRole('row', { name: new RegExp(`^Zusammen ${german(own.total)}$`) }).waitFor();
    await expectNoAxeViolations(page);
  });
});
