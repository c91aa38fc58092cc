import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, hasChromium, viewports } from './support/browser';
import { signIn } from './support/accounts';
import { useDistrictAdminSuite } from './support/district-admin';

const ADMIN = {
  email: 'kreis.admin@example.org',
  name: 'Kreis Admin',
  password: 'Kreis-Passphrase-fuer-Tests-2026',
};

describe.skipIf(!hasChromium)('member file pages (Kreisverband admin)', () => {
  const { suite, admin, api, createMember } = useDistrictAdminSuite(ADMIN);

  /** Signs in through the page with password and authenticator code, then opens `path`. */
  const signInAndOpen = async (
    path: string,
    viewport: { width: number; height: number } = viewports.laptop,
  ): Promise<Page> => {
    const page = await suite.open({
      viewport,
      // Chromium logs every 4xx answer of fetch itself: "who am I" before signing in, the 409 on purpose.
      allowConsoleErrors: [/Failed to load resource: the server responded with a status of (401|409)/],
    });
    await signIn(page, {
      email: ADMIN.email,
      password: ADMIN.password,
      authenticator: admin().authenticator,
    });
    if (viewport.width >= viewports.laptop.width) {
      // The navigation offers the member file to an account with member:read.
      await page.getByRole('link', { name: 'Mitglieder', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Mitglieder' }).waitFor();
      if (path !== '/mitglieder') await page.goto(path);
    } else await page.goto(path);
    return page;
  };

  const search = async (page: Page, text: string) => {
    await page.getByRole('searchbox', { name: 'Suche' }).fill(text);
    await page
      .getByRole('status')
      .filter({ hasText: `für „${text}“` })
      .waitFor();
  };

  it('finds "Müller" typed as Mueller and "Maier" typed as Meyer', async () => {
    await createMember('Ottilie', 'Müller');
    await createMember('Wendelin', 'Maier');
    const page = await signInAndOpen('/mitglieder');
    await page
      .getByRole('status')
      .filter({ hasText: /Mitglieder$/ })
      .waitFor();
    await expectNoAxeViolations(page);

    await search(page, 'Mueller');
    await page.getByRole('link', { name: 'Müller, Ottilie' }).waitFor();
    // An exact match needs no hint; one that only sounds alike says so in its row.
    expect(await page.getByRole('row').filter({ hasText: 'klingt ähnlich' }).count()).toBe(0);
    await search(page, 'Meyer');
    await page.getByRole('link', { name: 'Maier, Wendelin' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Maier, Wendelin' }).getByText('klingt ähnlich').waitFor();
    expect(await page.getByRole('link', { name: 'Müller, Ottilie' }).count()).toBe(0);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Maier, Wendelin' }).click();
    await page.getByRole('heading', { level: 1, name: 'Maier, Wendelin' }).waitFor();
    await page.getByRole('tab', { name: 'Stammdaten' }).waitFor();
    await expectNoAxeViolations(page);
  });

  it('admits an applicant after explaining what the admission means', async () => {
    const applicant = await createMember('Anton', 'Antragsteller', { status: 'applicant' });
    expect(applicant.memberNumber).toBeNull();
    const page = await signInAndOpen(`/mitglieder/${applicant.id}`);
    await page.getByRole('heading', { level: 1, name: 'Antragsteller, Anton' }).waitFor();
    await page.getByText('Frist für die Aufnahmeentscheidung').waitFor();

    await page.getByRole('button', { name: 'Status ändern' }).click();
    await page.getByRole('menuitem', { name: 'Antrag annehmen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Antrag annehmen' });
    await dialog
      .getByText('Der Landesverband kann innerhalb seiner Einspruchsfrist', { exact: false })
      .waitFor();
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: 'Antrag annehmen' }).click();

    await page
      .getByRole('status')
      .filter({ hasText: 'Neuer Status: Aufgenommen (Einspruchsfrist läuft).' })
      .waitFor();
    const after = await api('GET', `/members/${applicant.id}`);
    expect(after.body.status).toBe('provisional');
    expect(after.body.memberNumber).toMatch(/^\d{8}$/);
  });

  it('records a resignation with its effective date', async () => {
    const member = await createMember('Rita', 'Ruhestand');
    const page = await signInAndOpen(`/mitglieder/${member.id}`, viewports.phone);
    await page.getByRole('heading', { level: 1, name: 'Ruhestand, Rita' }).waitFor();
    await page.getByRole('button', { name: 'Status ändern' }).click();
    await page.getByRole('menuitem', { name: 'Austritt erfassen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Austritt erfassen' });
    await dialog
      .getByText('Bis einschließlich des gewählten Tages bleibt es Mitglied', { exact: false })
      .waitFor();
    await dialog.getByLabel('Letzter Tag der Mitgliedschaft').fill('2026-03-31');
    await dialog.getByLabel('Begründung').fill('Schriftliche Austrittserklärung vom 15.03.2026');
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: 'Austritt erfassen' }).click();

    await page.getByRole('status').filter({ hasText: 'Neuer Status: Ausgetreten.' }).waitFor();
    await page.getByRole('tab', { name: 'Verlauf' }).click();
    await page.getByRole('cell', { name: 'Schriftliche Austrittserklärung vom 15.03.2026' }).waitFor();
    await page.getByRole('cell', { name: '01.04.2026' }).first().waitFor();
    await expectNoAxeViolations(page);
  });

  it('shows both versions when someone else saved first, and re-applies the change on top', async () => {
    const member = await createMember('Konrad', 'Konflikt');
    const page = await signInAndOpen(`/mitglieder/${member.id}/bearbeiten`);
    await page.getByRole('heading', { level: 1, name: 'Konflikt, Konrad bearbeiten' }).waitFor();

    // Checked as typed: a broken phone number is named before anything is sent.
    const phone = page.getByRole('textbox', { name: 'Telefon' });
    await phone.fill('12');
    await phone.blur();
    await page.getByText('Das ist keine Telefonnummer.', { exact: false }).waitFor();
    await phone.fill('0661 123456');
    await page.getByText('Das ist keine Telefonnummer.', { exact: false }).waitFor({ state: 'detached' });

    // Meanwhile a colleague changes the same record.
    const other = await api(
      'PATCH',
      `/members/${member.id}`,
      { notes: 'Hat angerufen: neue Adresse folgt' },
      { 'if-match': `"${member.version}"` },
    );
    expect(other.status).toBe(200);

    await page.getByRole('button', { name: 'Änderungen speichern' }).click();
    const dialog = page.getByRole('dialog', {
      name: 'Jemand anderes hat diesen Datensatz inzwischen geändert',
    });
    await dialog.getByRole('cell', { name: '0661 123456' }).waitFor();
    await dialog.getByRole('cell', { name: 'Hat angerufen: neue Adresse folgt' }).waitFor();
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: 'Meine Änderung auf den aktuellen Stand anwenden' }).click();

    await page.getByRole('heading', { level: 1, name: 'Konflikt, Konrad' }).waitFor();
    const stored = await api('GET', `/members/${member.id}`);
    expect(stored.body.phone).toBe('+49661123456');
    expect(stored.body.notes).toBe('Hat angerufen: neue Adresse folgt');
    expect(stored.body.version).toBeGreaterThan(other.body.version);
  });
});
