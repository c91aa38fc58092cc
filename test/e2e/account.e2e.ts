import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, hasChromium, viewports } from './support/browser';
import { useBrowserSuite, type OpenOptions } from './support/suite';
import { Authenticator, enrolOverApi, failSignIn, userAddArgs, type ApiSession } from './support/accounts';

const PASSWORD = 'Lange-Passphrase-fuer-Tests-2026';

// Accounts made with the command line before the server starts (the way an operator would).
const accounts = {
  district: {
    email: 'karla.kreis@example.org',
    name: 'Karla Kreis',
    role: 'district-admin',
    unit: 'HE-06631',
  },
  officer: {
    email: 'dora.dsb@example.org',
    name: 'Dora Datenschutz',
    role: 'data-protection-officer',
    unit: 'HE',
  },
  locked: {
    email: 'lutz.gesperrt@example.org',
    name: 'Lutz Gesperrt',
    role: 'local-chair',
    unit: 'HE-06631',
  },
  fresh: { email: 'nina.neu@example.org', name: 'Nina Neu', role: 'local-chair', unit: 'HE-06631' },
} as const;

describe.skipIf(!hasChromium)('account, users and audit pages', () => {
  let setupPath = '';
  let district: { session: ApiSession; authenticator: Authenticator };
  let officer: { session: ApiSession; authenticator: Authenticator };

  const suite = useBrowserSuite({
    server: {
      prepare: async (cli) => {
        await cli(['demo', '--members', '200']);
        for (const [key, a] of Object.entries(accounts)) {
          const args = userAddArgs(a);
          if (key === 'fresh') {
            const out = await cli(args);
            const link = /https?:\/\/\S+/.exec(out)?.[0];
            if (!link) throw new Error(`no setup link in: ${out}`);
            const url = new URL(link);
            setupPath = `${url.pathname}${url.hash}`;
          } else {
            await cli([...args, '--password-stdin'], PASSWORD);
          }
        }
      },
    },
    setup: async ({ server }) => {
      district = await enrolOverApi(server.baseURL, accounts.district.email, PASSWORD);
      officer = await enrolOverApi(server.baseURL, accounts.officer.email, PASSWORD);
    },
    timeout: 300_000,
  });

  const open = (options: Pick<OpenOptions, 'session' | 'viewport'> = {}) =>
    suite.open({
      ...options,
      // Chromium logs every 4xx answer of fetch itself: /me before sign-in, refusals on purpose.
      allowConsoleErrors: [/Failed to load resource: the server responded with a status of 4(01|03|29)/],
    });

  const signInWithPassword = async (page: Page, email: string) => {
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByRole('textbox', { name: 'Passwort' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
  };

  const accountMenu = (page: Page, name: string) => page.getByRole('button', { name: `Konto von ${name}` });

  it('signs in with password and authenticator code, names the user, explains the scope, signs out', async () => {
    const page = await open();
    // A page that needs a sign-in sends the visitor to the sign-in page and back afterwards.
    await page.goto('/konto');
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/konto');
    await expectNoAxeViolations(page);

    await signInWithPassword(page, accounts.district.email);
    await page.getByRole('heading', { level: 1, name: 'Bestätigung in zwei Schritten' }).waitFor();
    await page
      .getByLabel('Bestätigungscode aus Ihrer Authenticator-App')
      .fill(await district.authenticator.code());
    await page.getByRole('button', { name: 'Bestätigen' }).click();

    await page.getByRole('heading', { level: 1, name: 'Mein Konto' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/konto');
    await accountMenu(page, 'Karla Kreis').waitFor();
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Start', exact: true }).click();
    await page
      .getByText(
        'Sie sehen die Mitglieder des Kreisverbands Fulda, weil Sie dort Kreisgeschäftsführer/in sind.',
        { exact: false },
      )
      .waitFor();
    await expectNoAxeViolations(page);

    await accountMenu(page, 'Karla Kreis').click();
    await page.getByRole('menuitem', { name: 'Abmelden', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    await accountMenu(page, 'Karla Kreis').waitFor({ state: 'detached' });
    // The session is gone on the server too: the account page asks for a sign-in again.
    await page.goto('/konto');
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
  });

  it('tells a locked-out account from when it may try again', async () => {
    let last: { status: number; body: unknown } | undefined;
    for (let i = 0; i < 10; i++) last = await failSignIn(suite.server.baseURL, accounts.locked.email);
    expect(last?.status).toBe(401);
    const locked = await failSignIn(suite.server.baseURL, accounts.locked.email);
    expect(locked.status).toBe(429);
    const retryAfter = new Date((locked.body as { retryAfter: string }).retryAfter);
    const time = new Intl.DateTimeFormat('de-DE', {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'Europe/Berlin',
    }).format(retryAfter);

    const page = await open({ viewport: viewports.phone });
    await page.goto('/anmelden');
    await signInWithPassword(page, accounts.locked.email);
    const alert = page.getByRole('alert').filter({ hasText: 'Anmeldung nicht möglich' });
    await alert.getByText(`Bitte versuchen Sie es ab ${time} Uhr erneut.`, { exact: false }).waitFor();
    await expectNoAxeViolations(page);
  });

  it('lets a new account set its password, set up the authenticator and sign in with a recovery code', async () => {
    const page = await open();
    await page.goto(setupPath);
    await page.getByRole('heading', { level: 1, name: 'Passwort für Ihr neues Konto festlegen' }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('textbox', { name: 'Neues Passwort', exact: true }).fill(PASSWORD);
    await page.getByRole('textbox', { name: 'Neues Passwort wiederholen' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Passwort speichern' }).click();
    await page.getByText('Ihr Passwort ist gespeichert.', { exact: false }).waitFor();
    await page.getByRole('link', { name: 'Anmelden' }).first().click();

    await signInWithPassword(page, accounts.fresh.email);
    // The role requires a second factor: the account goes to the set-up first.
    await page.getByRole('heading', { level: 1, name: 'Bestätigung in zwei Schritten einrichten' }).waitFor();
    await page.getByRole('img', { name: 'QR-Code für Ihre Authenticator-App' }).waitFor();
    await expectNoAxeViolations(page);
    const secret = (
      await page.getByLabel('Schlüssel zum Eintippen, falls Sie nicht scannen können:').innerText()
    ).replace(/\s+/g, '');
    const authenticator = new Authenticator(secret);
    await page.getByLabel('Code aus der App').fill('000000');
    await page.getByRole('button', { name: 'Einrichtung abschließen' }).click();
    await page.getByRole('alert').getByText('Der Bestätigungscode stimmt nicht', { exact: false }).waitFor();
    await page.getByLabel('Code aus der App').fill(await authenticator.code());
    await page.getByRole('button', { name: 'Einrichtung abschließen' }).click();

    await page.getByRole('heading', { level: 1, name: 'Ihre Wiederherstellungscodes' }).waitFor();
    const codes = await page
      .getByRole('list', { name: 'Wiederherstellungscodes' })
      .getByRole('listitem')
      .allInnerTexts();
    expect(codes).toHaveLength(10);
    await page.getByRole('button', { name: 'Codes kopieren' }).waitFor();
    await page.getByRole('button', { name: 'Codes drucken' }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Ich habe die Codes gesichert – weiter' }).click();
    await accountMenu(page, 'Nina Neu').waitFor();

    await accountMenu(page, 'Nina Neu').click();
    await page.getByRole('menuitem', { name: 'Überall abmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();

    await signInWithPassword(page, accounts.fresh.email);
    await page.getByRole('button', { name: 'Wiederherstellungscode verwenden' }).click();
    await page
      .getByRole('textbox', { name: 'Wiederherstellungscode', exact: true })
      .fill(codes[0]!.toUpperCase());
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await accountMenu(page, 'Nina Neu').waitFor();
    await page.goto('/konto');
    await page.getByText('Sie haben noch 9 Wiederherstellungscodes.', { exact: false }).waitFor();
  });

  it('Mein Konto lists the sessions and shows a new API token once', async () => {
    const page = await open({ session: district.session, viewport: viewports.phone });
    await page.goto('/konto');
    await page.getByRole('heading', { level: 1, name: 'Mein Konto' }).waitFor();
    await page.getByRole('heading', { name: 'Angemeldete Geräte' }).waitFor();
    await page.getByText('Dieses Gerät').waitFor();
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Schlüssel erstellen' }).click();
    await page.getByText('Bitte geben Sie eine Bezeichnung ein.').waitFor();
    await page.getByRole('textbox', { name: 'Bezeichnung' }).fill('Website-Formular');
    await page.getByRole('button', { name: 'Schlüssel erstellen' }).click();
    const token = await page.getByLabel('Der neue API-Schlüssel').innerText();
    // The token works as a bearer token right away.
    const me = await fetch(`${suite.server.baseURL}/api/v1/me`, {
      headers: { authorization: `Bearer ${token.trim()}` },
    });
    expect(((await me.json()) as { email: string }).email).toBe(accounts.district.email);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Ich habe ihn gespeichert' }).click();
    await page.getByLabel('Der neue API-Schlüssel').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'API-Schlüssel „Website-Formular“ widerrufen' }).click();
    await page.getByText('widerrufen', { exact: true }).waitFor();
    const after = await fetch(`${suite.server.baseURL}/api/v1/me`, {
      headers: { authorization: `Bearer ${token.trim()}` },
    });
    expect(after.status).toBe(401);
  });

  it('a district admin manages only the accounts of the Kreisverband, and is told why a grant is refused', async () => {
    const page = await open({ session: district.session });
    await page.goto('/benutzer');
    await page.getByRole('heading', { level: 1, name: 'Benutzer und Rollen' }).waitFor();
    await page.getByRole('link', { name: 'Karla Kreis' }).waitFor();
    await page.getByRole('link', { name: 'Lutz Gesperrt' }).waitFor();
    // The data-protection officer's account belongs to the Landesverband: not listed here.
    expect(await page.getByRole('link', { name: 'Dora Datenschutz' }).count()).toBe(0);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Neues Konto' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Otto Ortsverband');
    await page.getByRole('textbox', { name: 'E-Mail-Adresse' }).fill('otto.ov@example.org');
    await page.getByRole('combobox', { name: 'Gliederung' }).fill('Kreisverband Fulda');
    await page.getByRole('option', { name: 'Kreisverband Fulda (HE-06631)' }).click();
    await page.getByRole('combobox', { name: 'Rolle' }).click();
    await page.getByRole('option', { name: 'Ortsvorsitzende/r' }).click();
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    const link = await page.getByLabel('Einrichtungslink', { exact: true }).innerText();
    expect(link).toMatch(/\/konto\/einrichten#token=/);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Otto Ortsverband' }).click();
    await page.getByRole('heading', { level: 1, name: 'Otto Ortsverband' }).waitFor();
    // A treasurer sees bank data, which the district admin may not see: the server refuses.
    await page.getByRole('combobox', { name: 'Rolle' }).click();
    await page.getByRole('option', { name: 'Kreisschatzmeister/in' }).click();
    await page.getByRole('combobox', { name: 'Gliederung' }).fill('Kreisverband Fulda');
    await page.getByRole('option', { name: 'Kreisverband Fulda (HE-06631)' }).click();
    await page.getByRole('button', { name: 'Rolle vergeben' }).click();
    await page
      .getByRole('alert')
      .getByText('Sie dürfen die Rolle „Kreisschatzmeister/in“ in HE-06631 nicht vergeben', { exact: false })
      .waitFor();
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Konto deaktivieren' }).click();
    await page.getByRole('button', { name: 'Konto wieder aktivieren' }).waitFor();
  });

  it('the data-protection officer browses the trail, sees it verified and prints an access report', async () => {
    const page = await open({ session: officer.session });
    await page.goto('/protokoll');
    await page.getByRole('heading', { level: 1, name: 'Protokoll' }).waitFor();
    await page.getByText('Protokoll unverändert', { exact: false }).waitFor();
    const entries = page.getByRole('table', { name: 'Einträge' });
    await entries.getByRole('cell', { name: 'Konto angelegt' }).first().waitFor();
    await expectNoAxeViolations(page);

    await page.getByRole('combobox', { name: 'Vorgang' }).fill('Anmeldung fehlgeschlagen');
    await page.getByRole('option', { name: 'Anmeldung fehlgeschlagen' }).click();
    await expect.poll(async () => entries.getByRole('cell', { name: 'Konto angelegt' }).count()).toBe(0);

    await page.getByRole('textbox', { name: 'Mitglieds-ID' }).fill('1');
    await page.getByRole('textbox', { name: 'Anlass' }).fill('Auskunftsersuchen');
    await page.getByRole('button', { name: 'Auskunft anzeigen' }).click();
    const pdf = page.getByRole('link', { name: 'Als PDF-Brief herunterladen' });
    await pdf.waitFor();
    const href = await pdf.getAttribute('href');
    const response = await page.request.get(href!);
    expect(response.headers()['content-type']).toBe('application/pdf');
    await expectNoAxeViolations(page);
  });

  it('pages for other roles say plainly that the account may not open them', async () => {
    const page = await open({ session: officer.session });
    await page.goto('/benutzer');
    await page.getByText('Kein Zugriff auf diese Seite').waitFor();
    expect(await page.getByRole('link', { name: 'Benutzer' }).count()).toBe(0);
    await expectNoAxeViolations(page);
  });
});
