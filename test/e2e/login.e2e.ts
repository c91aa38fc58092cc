import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import de from '@/web/components/i18n/de.json';
import { lookup } from '@/web/components/i18n/translate';
import { expectNoAxeViolations, hasChromium, isFocused, viewports } from './support/browser';
import { useBrowserSuite } from './support/suite';

describe.skipIf(!hasChromium)('sign-in page', () => {
  const suite = useBrowserSuite();

  const open = async (viewport: { width: number; height: number } = viewports.laptop) => {
    const page = await suite.open({
      viewport,
      // Chromium logs every 4xx answer of fetch itself; a failed sign-in is one on purpose.
      allowConsoleErrors: [/Failed to load resource: the server responded with a status of 40[0-9]/],
    });
    await page.goto('/anmelden');
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    return page;
  };

  const email = (page: Page) => page.getByLabel('E-Mail-Adresse');
  const password = (page: Page) => page.getByRole('textbox', { name: 'Passwort' });
  const submit = (page: Page) => page.getByRole('button', { name: 'Anmelden' });

  it('says in plain German what is missing or wrong, as the user types', async () => {
    const page = await open();
    await expectNoAxeViolations(page);

    await submit(page).click();
    await page.getByText('Bitte geben Sie Ihre E-Mail-Adresse ein.').waitFor();
    await page.getByText('Bitte geben Sie Ihr Passwort ein.').waitFor();
    expect(await email(page).getAttribute('aria-invalid')).toBe('true');
    expect(await isFocused(email(page))).toBe(true);
    await expectNoAxeViolations(page);

    await email(page).pressSequentially('max.muster@');
    await page
      .getByText('Das ist keine vollständige E-Mail-Adresse. Beispiel: vorname.nachname@beispiel.de')
      .waitFor();
    await email(page).pressSequentially('beispiel.de');
    await page
      .getByText('Das ist keine vollständige E-Mail-Adresse.', { exact: false })
      .waitFor({ state: 'detached' });
    expect(await email(page).getAttribute('aria-invalid')).not.toBe('true');

    await password(page).fill('geheim-und-lang');
    await page.getByText('Bitte geben Sie Ihr Passwort ein.').waitFor({ state: 'detached' });
  });

  it('checks a field when it is left, not before', async () => {
    const page = await open(viewports.phone);
    await email(page).fill('kein-at-zeichen');
    expect(await page.getByText('Das ist keine vollständige E-Mail-Adresse.', { exact: false }).count()).toBe(
      0,
    );
    await page.keyboard.press('Tab');
    await page.getByText('Das ist keine vollständige E-Mail-Adresse.', { exact: false }).waitFor();
  });

  it('shows the translated reason when the server refuses the sign-in', async () => {
    const page = await open();
    await email(page).fill('niemand@beispiel.de');
    await password(page).fill('falsches-passwort-123');
    const answer = page.waitForResponse((response) => response.url().endsWith('/api/v1/auth/login'));
    await submit(page).click();
    const response = await answer;
    expect(response.status()).toBeGreaterThanOrEqual(400);
    const problem = (await response.json()) as { code: string };
    const message = lookup(de, `errors.${problem.code}`);
    expect(message, `a German text for ${problem.code}`).toBeTruthy();

    const alert = page.getByRole('alert').filter({ hasText: 'Anmeldung nicht möglich' });
    await alert.getByText(message!).waitFor();
    await expectNoAxeViolations(page);
  });

  it('asks for the authenticator code when the account has a second factor', async () => {
    const page = await open();
    // The server's sign-in is exercised above; here only the two-step dialogue of the page.
    await page.route('**/api/v1/auth/login', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"status":"totp_required"}' }),
    );
    await email(page).fill('erika@beispiel.de');
    await password(page).fill('richtiges-passwort');
    await submit(page).click();

    await page.getByRole('heading', { level: 1, name: 'Bestätigung in zwei Schritten' }).waitFor();
    const code = page.getByLabel('Bestätigungscode aus Ihrer Authenticator-App');
    expect(await isFocused(code)).toBe(true);
    await expectNoAxeViolations(page);

    await code.fill('12345');
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await page.getByText('Der Bestätigungscode besteht aus genau 6 Ziffern.').waitFor();

    await page.route('**/api/v1/auth/totp', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'x', status: 401, code: 'auth.totp_invalid' }),
      }),
    );
    await code.fill('123 456');
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await page.getByRole('alert').getByText(lookup(de, 'errors.auth.totp_invalid')!).waitFor();
    await expectNoAxeViolations(page);

    await page.unroute('**/api/v1/auth/totp');
    await page.route('**/api/v1/auth/totp', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: '{"status":"ok"}' }),
    );
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/');
  });
});
