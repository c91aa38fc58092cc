import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, hasChromium, viewports } from './support/browser';
import { useBrowserSuite } from './support/suite';

describe.skipIf(!hasChromium)('unit browser (Gliederungen)', () => {
  const suite = useBrowserSuite();

  const districtTable = (page: Page) =>
    page.getByRole('table', { name: 'Kreisverbände, alphabetisch sortiert' });
  const rowCount = (page: Page) => districtTable(page).getByRole('row').count();

  it('lists the 26 Kreisverbände in German order and finds one by a German-aware filter', async () => {
    const page = await suite.open();
    await page.goto('/gliederungen');
    await page.getByRole('heading', { level: 1, name: 'Gliederungen' }).waitFor();
    await districtTable(page).waitFor();
    // 26 Kreisverbände and the header row.
    expect(await rowCount(page)).toBe(27);
    const names = await districtTable(page).getByRole('link').allTextContents();
    expect(names[0]).toBe('Kreisverband Bergstraße');
    expect(names.indexOf('Kreisverband Gießen')).toBeLessThan(names.indexOf('Kreisverband Groß-Gerau'));
    await expectNoAxeViolations(page);

    const filter = page.getByLabel('Kreisverband suchen');
    await filter.fill('offenbach');
    await expect.poll(() => rowCount(page)).toBe(3);
    await districtTable(page).getByRole('link', { name: 'Kreisverband Offenbach am Main' }).waitFor();
    await districtTable(page).getByRole('link', { name: 'Kreisverband Offenbach', exact: true }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'von 26' }).textContent()).toBe(
      '2 von 26 Kreisverbänden passen',
    );
    // The filter is kept in the address.
    expect(new URL(page.url()).searchParams.get('q')).toBe('offenbach');

    await filter.fill('giessen');
    await districtTable(page).getByRole('link', { name: 'Kreisverband Gießen' }).waitFor();
    expect(await rowCount(page)).toBe(2);
  });

  it('shows a Kreisverband with its parent and its Gemeinden, and a Gemeinde with its parent', async () => {
    const page = await suite.open();
    await page.goto('/gliederungen');
    await page.getByLabel('Kreisverband suchen').fill('Fulda');
    await districtTable(page).getByRole('link', { name: 'Kreisverband Fulda' }).click();

    await page.getByRole('heading', { level: 1, name: 'Kreisverband Fulda' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/gliederungen/HE-06631');
    expect(await page.title()).toBe('Kreisverband Fulda – Servicestelle');
    const facts = page.getByRole('region', { name: 'Angaben' });
    await facts.getByRole('link', { name: 'Landesverband Hessen' }).waitFor();
    expect(await facts.textContent()).toContain('06631');

    const children = page.getByRole('table', { name: /Kreisverband Fulda/ });
    await children.waitFor();
    expect(await children.getByRole('row').count()).toBe(24);
    const gemeinden = await children.getByRole('link').allTextContents();
    // By place, whatever the level word: the city of Fulda between Flieden and Gersfeld.
    expect(gemeinden.slice(7, 11)).toEqual([
      'Gemeindeverband Flieden',
      'Stadtverband Fulda',
      'Stadtverband Gersfeld (Rhön)',
      'Gemeindeverband Großenlüder',
    ]);
    await expectNoAxeViolations(page);

    await children.getByRole('link', { name: 'Gemeindeverband Künzell' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gemeindeverband Künzell' }).waitFor();
    const path = page.getByRole('navigation', { name: 'Pfad' });
    await path.getByRole('link', { name: 'Landesverband Hessen' }).waitFor();
    await path.getByRole('link', { name: 'Kreisverband Fulda' }).waitFor();
    await page.getByText('Diese Gliederung hat keine untergeordneten Gliederungen.').waitFor();
    await expectNoAxeViolations(page);

    await path.getByRole('link', { name: 'Kreisverband Fulda' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kreisverband Fulda' }).waitFor();
  });

  it('says so when the filter matches nothing, and resets', async () => {
    const page = await suite.open({ viewport: viewports.phone });
    await page.goto('/gliederungen?q=Hamburg');
    await page.getByRole('heading', { level: 3, name: 'Kein Kreisverband gefunden' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('Kein Kreisverband passt zu „Hamburg“.');
    expect(await districtTable(page).count()).toBe(0);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Suche zurücksetzen' }).click();
    await districtTable(page).waitFor();
    expect(await rowCount(page)).toBe(27);
    expect(await page.getByLabel('Kreisverband suchen').inputValue()).toBe('');
  });

  it('explains an unknown unit in plain German', async () => {
    const page = await suite.open();
    suite.current!.allowConsoleError(/Failed to load resource: the server responded with a status of 404/);
    await page.goto('/gliederungen/HE-99999');
    const alert = page.getByRole('alert');
    await alert
      .getByText('Diese Gliederung gibt es nicht. Vielleicht wurde sie umbenannt oder aufgelöst.')
      .waitFor();
    // A missing unit does not appear by trying again.
    expect(await alert.getByRole('button', { name: 'Erneut versuchen' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Zur Übersicht der Gliederungen' }).waitFor();
    await expectNoAxeViolations(page);
  });
});
