import { describe, expect, it } from 'vitest';
import {
  expectNoAxeViolations,
  hasChromium,
  isFocused,
  isInViewport,
  saveScreenshot,
  viewports,
} from './support/browser';
import { useBrowserSuite } from './support/suite';

describe.skipIf(!hasChromium)('app shell and start page', () => {
  const suite = useBrowserSuite();

  it('greets in German on a laptop with the structure, key figures and capabilities', async () => {
    const page = await suite.open();
    await page.goto('/');

    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toMatch(/^Guten (Morgen|Tag|Abend)$/);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.title()).toBe('Start – Servicestelle');
    await page.getByRole('banner').getByText('Musterpartei · Landesverband Hessen').waitFor();

    const figures = page.getByRole('region', { name: 'Auf einen Blick' });
    await figures.getByText('26', { exact: true }).waitFor();
    await figures.getByText('422', { exact: true }).waitFor();
    expect(await figures.textContent()).toContain('Kreisverbände');

    const navigation = page.getByRole('navigation', { name: 'Hauptnavigation' });
    expect(await navigation.getByRole('link', { name: 'Start' }).getAttribute('aria-current')).toBe('page');
    await navigation.getByRole('link', { name: 'Gliederungen' }).waitFor();
    expect(await navigation.getByRole('link', { name: 'API-Referenz' }).getAttribute('href')).toBe(
      '/api/docs',
    );

    const capabilities = page.getByRole('region', { name: 'Was Sie hier tun können' });
    await capabilities.getByRole('link', { name: 'Gliederungen öffnen' }).waitFor();
    await page.getByRole('region', { name: 'Erste Schritte' }).waitFor();

    await expectNoAxeViolations(page);
    await saveScreenshot(page, 'start');
  });

  it('opens the navigation on a phone through the menu button', async () => {
    const page = await suite.open({ viewport: viewports.phone });
    await page.goto('/');
    await page.getByRole('region', { name: 'Auf einen Blick' }).getByText('26', { exact: true }).waitFor();
    await saveScreenshot(page, 'start-phone');

    const navigation = page.getByRole('navigation', { name: 'Hauptnavigation' });
    const unitsLink = navigation.getByRole('link', { name: 'Gliederungen' });
    // Closed, the menu is off screen.
    expect(await isInViewport(unitsLink)).toBe(false);
    await expectNoAxeViolations(page);

    const menuButton = page.getByRole('button', { name: 'Navigation öffnen' });
    expect(await menuButton.getAttribute('aria-expanded')).toBe('false');
    await menuButton.click();
    await expect.poll(() => isInViewport(unitsLink)).toBe(true);
    const closeButton = page.getByRole('button', { name: 'Navigation schließen' });
    expect(await closeButton.getAttribute('aria-expanded')).toBe('true');
    await expectNoAxeViolations(page);

    await unitsLink.click();
    await page.getByRole('heading', { level: 1, name: 'Gliederungen' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/gliederungen');
    // Choosing a page closes the menu again.
    await page.getByRole('button', { name: 'Navigation öffnen' }).waitFor();
    await expectNoAxeViolations(page);
  });

  it('switches to English and back, and remembers the choice', async () => {
    const page = await suite.open();
    await page.goto('/');
    await page.getByRole('region', { name: 'Auf einen Blick' }).waitFor();

    await page.getByRole('button', { name: 'Sprache: Deutsch' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.getByRole('region', { name: 'At a glance' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Organisation' })
      .waitFor();
    await expectNoAxeViolations(page);

    await page.reload();
    await page.getByRole('region', { name: 'At a glance' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.getByRole('button', { name: 'Language: English' }).click();
    await page.getByRole('menuitem', { name: 'Deutsch' }).click();
    await page.getByRole('region', { name: 'Auf einen Blick' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
  });

  it('can be used with the keyboard, starting with the skip link', async () => {
    const page = await suite.open();
    await page.goto('/');
    await page.getByRole('region', { name: 'Auf einen Blick' }).getByText('26', { exact: true }).waitFor();

    await page.keyboard.press('Tab');
    const skipLink = page.getByRole('link', { name: 'Zum Inhalt springen' });
    expect(await isFocused(skipLink)).toBe(true);
    expect(await skipLink.isVisible()).toBe(true);
    await expectNoAxeViolations(page);

    await page.keyboard.press('Enter');
    expect(await isFocused(page.getByRole('main'))).toBe(true);

    // From the content, the next stop is the first link of the page content, not the header.
    await page.keyboard.press('Tab');
    const firstContentLink = page.getByRole('main').getByRole('link', { name: 'Gliederungen öffnen' });
    expect(await isFocused(firstContentLink)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Gliederungen' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/gliederungen');
  });

  it('says in plain German when the server cannot be reached, and tries again', async () => {
    const page = await suite.open();
    suite.current!.allowConsoleError(/Failed to load resource: net::ERR_CONNECTION_REFUSED/);
    const unreachable = '**/api/v1/units?level=district';
    await page.route(unreachable, (route) => route.abort('connectionrefused'));
    await page.goto('/');

    const figures = page.getByRole('region', { name: 'Auf einen Blick' });
    const alert = figures.getByRole('alert');
    await alert.getByText('Die Kennzahlen konnten nicht geladen werden.').waitFor();
    await alert.getByText('Der Server ist nicht erreichbar.', { exact: false }).waitFor();
    await expectNoAxeViolations(page);

    await page.unroute(unreachable);
    await alert.getByRole('button', { name: 'Erneut versuchen' }).click();
    await figures.getByText('26', { exact: true }).waitFor();
    expect(await figures.getByRole('alert').count()).toBe(0);
  });

  it('answers an unknown address with a page that leads home', async () => {
    const page = await suite.open();
    await page.goto('/gibt-es-nicht');
    await page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('/gibt-es-nicht');
    await expectNoAxeViolations(page);

    await page.getByRole('main').getByRole('link', { name: 'Zur Startseite' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Guten/);
  });
});
