import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Allocation } from '@/contracts/delegates';
import type { Unit } from '@/contracts/units';
import { expectNoAxeViolations, hasChromium, saveScreenshot } from './support/browser';
import { enrolOverApi, userAddArgs, type ApiSession } from './support/accounts';
import { useBrowserSuite } from './support/suite';

const PASSWORD = 'Delegierten-Schluessel-Test-2026';
const STATE_ADMIN = { email: 'lgs-delegierte@example.org', role: 'state-admin', unit: 'HE' };
const FULDA_ADMIN = { email: 'kv-fulda-delegierte@example.org', role: 'district-admin', unit: 'HE-06631' };

const german = (n: number) => new Intl.NumberFormat('de-DE').format(n);
const germanDecimal = (n: number) => new Intl.NumberFormat('de-DE', { maximumFractionDigits: 4 }).format(n);

describe.skipIf(!hasChromium)('delegate key page', () => {
  let session: ApiSession;
  let fuldaSession: ApiSession;

  const suite = useBrowserSuite({
    server: {
      prepare: async (cli) => {
        await cli(['demo', '--members', '400']);
        for (const account of [STATE_ADMIN, FULDA_ADMIN]) {
          await cli([...userAddArgs(account), '--password-stdin'], PASSWORD);
        }
      },
    },
    setup: async ({ server }) => {
      ({ session } = await enrolOverApi(server.baseURL, STATE_ADMIN.email, PASSWORD));
      ({ session: fuldaSession } = await enrolOverApi(server.baseURL, FULDA_ADMIN.email, PASSWORD));
    },
    timeout: 300_000,
  });

  /** A page in a context that carries an admin's (already two-factor) session. */
  const signedInPage = (as: ApiSession = session): Promise<Page> => suite.open({ session: as });

  it('allocates 50 seats by Sainte-Laguë to the Kreise: seat sum, Fulda as in the API, OpenSlides list', async () => {
    const page = await signedInPage();
    await page.goto('/');
    await page.getByRole('link', { name: 'Delegiertenschlüssel' }).click();
    await page.getByRole('heading', { level: 1, name: 'Delegiertenschlüssel' }).waitFor();
    // Nothing computed yet: both empty states.
    await page.getByText('Es wurde noch keine Verteilung berechnet.').waitFor();
    await page.getByText(/^Noch keine Verteilung geöffnet/).waitFor();

    // Without a number of seats the form names the field and the fix.
    const submit = page.getByRole('button', { name: 'Verteilung berechnen' });
    await submit.click();
    await page
      .getByText('Bitte geben Sie die Zahl der Delegierten als ganze Zahl von 1 bis 10.000 ein.')
      .waitFor();

    const cutoff = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    await page.getByRole('textbox', { name: 'Zahl der Delegierten' }).fill('50');
    await page.getByLabel(/^Stichtag/).fill(cutoff);
    await page.getByRole('radio', { name: 'Sainte-Laguë/Schepers' }).check();
    await submit.click();

    const heading = page.getByRole('heading', {
      level: 2,
      name: /^Verteilung Nr\. \d+: 50 Delegierte nach Sainte-Laguë\/Schepers$/,
    });
    await heading.waitFor();
    const id = Number(/Nr\. (\d+)/.exec((await heading.textContent()) ?? '')![1]);
    expect(new URL(page.url()).searchParams.get('verteilung')).toBe(String(id));
    await page.getByText(/^Gespeicherte Momentaufnahme:/).waitFor();

    // The same allocation as the API stores it.
    const stored = await page.request.get(`/api/v1/delegates/allocations/${id}`);
    expect(stored.status(), await stored.text()).toBe(200);
    const api = (await stored.json()) as Allocation;
    expect(api).toMatchObject({ seats: 50, method: 'sainte-lague', cutoff, level: 'district', parent: 'HE' });
    expect(api.units).toHaveLength(26);
    await page.getByText(String(api.seed), { exact: true }).waitFor();
    await page.getByText(new RegExp(`mit dem gespeicherten Startwert ${api.seed}:`)).waitFor();

    // The table: every Kreis with its seats, which add up to 50.
    const table = page.getByRole('table', { name: `Verteilung Nr. ${id}: Delegierte je Gliederung` });
    await table.waitFor();
    let sum = 0;
    let bodyRows = 0;
    for (const row of await table.getByRole('row').all()) {
      const header = (await row.getByRole('rowheader').allTextContents())[0];
      const cells = await row.getByRole('cell').allTextContents();
      if (!header || header === 'Summe' || cells.length < 3) continue;
      bodyRows += 1;
      sum += Number(cells[2]!.replace(/\./g, ''));
    }
    expect(bodyRows).toBe(26);
    expect(sum).toBe(50);
    await table.getByRole('row', { name: new RegExp(`^Summe ${german(api.total)} 50$`) }).waitFor();

    // Fulda's row shows what the API answers for Fulda.
    const fulda = api.units.find((u) => u.code === 'HE-06631')!;
    expect(fulda.count).toBeGreaterThan(0);
    const fuldaRow = table.getByRole('row', { name: new RegExp(`^${fulda.name} `) });
    expect(await fuldaRow.getByRole('cell').allTextContents()).toEqual([
      german(fulda.count),
      fulda.raisedToMinimum ? '–' : germanDecimal(fulda.quota),
      german(fulda.seats),
      fulda.raisedToMinimum ? 'Mindestsitz' : '',
    ]);

    // Recomputed by the API with the stored seed: the same seats for Fulda (reproducible).
    const again = await page.request.post('/api/v1/delegates/allocations', {
      data: { level: 'district', seats: 50, method: 'sainte-lague', cutoff, seed: api.seed },
      headers: { 'x-csrf-token': session.csrf },
    });
    expect(again.status(), await again.text()).toBe(201);
    const recomputed = (await again.json()) as Allocation;
    expect(recomputed.units.find((u) => u.code === 'HE-06631')).toEqual(fulda);

    // The map colours the Kreise by seats; Fulda's area names its seats.
    const units = (await (await page.request.get('/api/v1/units?level=district')).json()) as {
      items: Unit[];
    };
    expect(units.items.find((u) => u.code === 'HE-06631')?.ags).toBe('06631');
    const map = page.getByRole('group', {
      name: `Karte der hessischen Kreise mit den Delegiertensitzen der Verteilung Nr. ${id}`,
    });
    await map
      .getByRole('img', { name: `${fulda.name}: ${fulda.seats} ${fulda.seats === 1 ? 'Sitz' : 'Sitze'}` })
      .waitFor();
    await page.getByText('© GeoBasis-DE / BKG 2021 (Daten verändert)').waitFor();
    await expectNoAxeViolations(page);
    // The picture for the docs: the table's top and the map beside it.
    await page
      .getByRole('heading', { level: 2, name: 'Sitze je Gliederung' })
      .evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 80));
    await saveScreenshot(page, 'delegate-key');

    // The participant list for OpenSlides: one row per seat under OpenSlides' column names.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Teilnehmendenliste für OpenSlides (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`openslides-teilnehmende-${id}.csv`);
    const lines = readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split(/\r?\n/);
    expect(lines[0]).toBe('first_name,last_name,structure_level,groups,number,vote_weight,comment');
    expect(lines).toHaveLength(51);
    expect(lines.filter((line) => line.includes(',HE-06631-'))).toHaveLength(fulda.seats);
  });

  it('lists earlier allocations as stored snapshots and reopens one', async () => {
    const page = await signedInPage();
    const created = await page.request.post('/api/v1/delegates/allocations', {
      data: {
        level: 'district',
        seats: 30,
        method: 'hare-niemeyer',
        cutoff: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
        basicSeats: 1,
      },
      headers: { 'x-csrf-token': session.csrf },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as Allocation;

    await page.goto('/delegierte');
    await page.getByRole('heading', { level: 2, name: 'Frühere Verteilungen' }).waitFor();
    await page.getByText(/^Gespeicherte Momentaufnahmen: Jede lässt sich wieder öffnen/).waitFor();
    await page.getByRole('link', { name: `Verteilung Nr. ${id} öffnen` }).click();
    await page
      .getByRole('heading', { level: 2, name: `Verteilung Nr. ${id}: 30 Delegierte nach Hare/Niemeyer` })
      .waitFor();
    await page.getByText('Mitglieder je Sitz', { exact: true }).waitFor();
    const table = page.getByRole('table', { name: `Verteilung Nr. ${id}: Delegierte je Gliederung` });
    await table.getByRole('columnheader', { name: 'Grundmandate' }).waitFor();
    await table.getByRole('row', { name: /^Summe .* 30$/ }).waitFor();
    await expectNoAxeViolations(page);
  });

  it("lets a Kreisverband admin allocate within their Kreis only, and shows them no one else's allocations", async () => {
    // An allocation of the Landesverband, which the Kreisverband may not see.
    const stateAllocation = await fetch(`${suite.server.baseURL}/api/v1/delegates/allocations`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: session.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
        'x-csrf-token': session.csrf,
      },
      body: JSON.stringify({
        level: 'district',
        seats: 20,
        method: 'dhondt',
        cutoff: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      }),
    });
    expect(stateAllocation.status).toBe(201);
    const hidden = (await stateAllocation.json()) as Allocation;

    const page = await signedInPage(fuldaSession);
    await page.goto('/delegierte');
    await page.getByRole('heading', { level: 2, name: 'Frühere Verteilungen' }).waitFor();
    await page.getByText('Es wurde noch keine Verteilung berechnet.').waitFor();
    expect(await page.getByRole('link', { name: `Verteilung Nr. ${hidden.id} öffnen` }).count()).toBe(0);

    // The form starts within the own Kreis and offers only its Orts- und Stadtverbände.
    const parent = page.getByRole('combobox', { name: 'Innerhalb von' });
    expect(await parent.inputValue()).toMatch(/Fulda/);
    expect(await page.getByRole('combobox', { name: 'Sitze verteilen auf' }).inputValue()).toBe(
      'Orts- und Stadtverbände',
    );
    await parent.click();
    const choices = page.getByRole('listbox', { name: 'Innerhalb von' });
    await choices.waitFor();
    expect(await choices.getByRole('option').count()).toBe(1);
    await page.keyboard.press('Escape');

    await page.getByRole('textbox', { name: 'Zahl der Delegierten' }).fill('12');
    await page.getByRole('radio', { name: "D'Hondt" }).check();
    await page.getByRole('button', { name: 'Verteilung berechnen' }).click();
    const heading = page.getByRole('heading', {
      level: 2,
      name: /^Verteilung Nr\. \d+: 12 Delegierte nach D'Hondt$/,
    });
    await heading.waitFor();
    const id = Number(/Nr\. (\d+)/.exec((await heading.textContent()) ?? '')![1]);
    const own = (await (await page.request.get(`/api/v1/delegates/allocations/${id}`)).json()) as Allocation;
    expect(own).toMatchObject({ level: 'local', parent: 'HE-06631', seats: 12 });
    const table = page.getByRole('table', { name: `Verteilung Nr. ${id}: Delegierte je Gliederung` });
    await table.getByRole('row', { name: new RegExp(`^Summe ${german(own.total)} 12$`) }).waitFor();
    // Orts- und Stadtverbände are not on the map of the Kreise.
    expect(await page.getByRole('group', { name: /^Karte der hessischen Kreise/ }).count()).toBe(0);
    expect((await page.request.get(`/api/v1/delegates/allocations/${hidden.id}`)).status()).toBe(404);
    await expectNoAxeViolations(page);
  });
});
