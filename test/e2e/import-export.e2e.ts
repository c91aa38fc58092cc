import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '@/server/modules/access/access.service';
import { expectNoAxeViolations, hasChromium, viewports } from './support/browser';
import { Authenticator, signIn } from './support/accounts';
import { useBrowserSuite } from './support/suite';

const STATE_ADMIN = 'landesgeschaeftsstelle@musterpartei.example';
/** JVerein's import format (header of the project's real-format fixture), three rows, one with 31 February. */
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/import/jverein-with-bad-row.csv');

describe.skipIf(!hasChromium)('member import wizard and export dialog (state admin)', () => {
  // The demo accounts have their second factor set up already, with the documented secret.
  const authenticator = new Authenticator(DEMO_TOTP_SECRET);

  const suite = useBrowserSuite({
    server: { prepare: async (cli) => void (await cli(['demo', '--members', '150'])) },
    timeout: 300_000,
  });

  const signedInPage = async (
    viewport: { width: number; height: number } = viewports.laptop,
  ): Promise<Page> => {
    const page = await suite.open({
      viewport,
      allowConsoleErrors: [/Failed to load resource: the server responded with a status of 401/],
    });
    await signIn(page, { email: STATE_ADMIN, password: DEMO_PASSWORD, authenticator });
    return page;
  };

  it('imports a JVerein file: dry run names the bad row, the import counts exactly, the member is in the list', async () => {
    const page = await signedInPage();
    // The navigation offers the import to an account that may create members.
    await page.getByRole('link', { name: 'Mitglieder importieren' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mitglieder importieren' }).waitFor();
    await expectNoAxeViolations(page);

    // Step 1: the file; the page says what it found.
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Datei mit Mitgliedern' }).click();
    await (await chooser).setFiles(FIXTURE);
    await page.getByRole('heading', { name: 'Gelesen: jverein-with-bad-row.csv' }).waitFor();
    await page.getByText('Erkannt: Export aus JVerein').waitFor();
    const facts = page.getByRole('region', { name: 'Gelesen: jverein-with-bad-row.csv' });
    await facts.getByText('Semikolon (;)').waitFor();
    expect(await facts.getByRole('definition').allTextContents()).toEqual(
      expect.arrayContaining(['CSV-Text', 'Semikolon (;)', '3', '25']),
    );
    expect(await page.getByRole('combobox', { name: 'Zeichensatz' }).inputValue()).toBe('UTF-8 (Unicode)');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Weiter: Spalten zuordnen' }).click();

    // Step 2: the columns are suggested from JVerein's headings; every rows goes to KV Fulda.
    expect(await page.getByRole('combobox', { name: 'Nachname' }).inputValue()).toBe('Nachname');
    expect(await page.getByRole('combobox', { name: 'Geburtsdatum' }).inputValue()).toBe('Geburtsdatum');
    expect(await page.getByRole('combobox', { name: 'E-Mail-Adresse' }).inputValue()).toBe('Email');
    await page.getByRole('combobox', { name: 'Gliederung für alle Zeilen' }).fill('Kreisverband Fulda');
    await page.getByRole('option', { name: 'Kreisverband Fulda' }).click();
    await page.getByRole('textbox', { name: 'Name der Zuordnung' }).fill('JVerein Test');
    await page.getByRole('button', { name: 'Zuordnung speichern' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Die Zuordnung „JVerein Test“ ist gespeichert.' })
      .waitFor();
    // A changed field comes back when the saved mapping is loaded.
    await page.getByRole('combobox', { name: 'Nachname' }).click();
    await page.getByRole('option', { name: 'nickname', exact: true }).click();
    expect(await page.getByRole('combobox', { name: 'Nachname' }).inputValue()).toBe('nickname');
    await page.getByRole('combobox', { name: 'Gespeicherte Zuordnung laden' }).click();
    await page.getByRole('option', { name: 'JVerein Test' }).click();
    expect(await page.getByRole('combobox', { name: 'Nachname' }).inputValue()).toBe('Nachname');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Probelauf starten' }).click();

    // Step 3: the dry run's counts and the bad row's message in plain German.
    await page.getByRole('heading', { name: 'Ergebnis des Probelaufs' }).waitFor();
    const counts = async () =>
      Object.fromEntries(
        await Promise.all(
          ['Datenzeilen', 'würden übernommen', 'importiert', 'abgelehnt', 'doppelt'].map(async (term) => {
            const definition = page.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) });
            return [
              term,
              (await definition.count())
                ? await definition.locator('xpath=following-sibling::dd').textContent()
                : null,
            ];
          }),
        ),
      );
    expect(await counts()).toMatchObject({
      Datenzeilen: '3',
      'würden übernommen': '2',
      abgelehnt: '1',
      doppelt: '0',
    });
    const report = page.getByRole('table').filter({ hasText: 'Meldung' });
    const badRow = report.getByRole('row').filter({ hasText: '31.02.75' });
    await badRow.waitFor();
    expect(await badRow.getByRole('cell').allTextContents()).toEqual([
      '4',
      'Geburtsdatum',
      '31.02.75',
      '„31.02.75“ ist kein gültiges Datum (diesen Tag gibt es nicht).',
    ]);
    // The report downloads as CSV for Excel.
    const reportLink = page.getByRole('link', { name: 'Bericht als CSV herunterladen' });
    const reportCsv = await page.request.get((await reportLink.getAttribute('href'))!);
    expect(reportCsv.status()).toBe(200);
    expect(await reportCsv.text()).toContain('Zeile;Spalte;Wert;Meldung');
    await expectNoAxeViolations(page);

    // Step 4: the real run, its progress bar and the exact summary.
    await page.getByRole('button', { name: '2 Zeilen jetzt importieren' }).click();
    await page.getByRole('heading', { name: 'Import abgeschlossen' }).waitFor();
    const bar = page.getByRole('progressbar', { name: 'Fortschritt des Imports' });
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    await page.getByText('3 von 3 Zeilen').waitFor();
    expect(await counts()).toMatchObject({ Datenzeilen: '3', importiert: '2', abgelehnt: '1', doppelt: '0' });
    await expectNoAxeViolations(page);

    // The imported member is in the list.
    await page.getByRole('link', { name: 'Zur Mitgliederliste', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Suche' }).fill('Quendelberg');
    await page.getByRole('link', { name: 'Quendelberg, Henrike' }).waitFor();
    await page.getByRole('searchbox', { name: 'Suche' }).fill('Sturmfels');
    await page.getByRole('status').filter({ hasText: 'Keine Treffer für „Sturmfels“' }).waitFor();
  });

  it('on a phone: files it cannot use are refused in plain words (type, broken workbook, nothing mapped); a Windows-1252 dry run reads well', async () => {
    const page = await signedInPage(viewports.phone);
    await page.goto('/mitglieder/import');
    await page.getByRole('heading', { level: 1, name: 'Mitglieder importieren' }).waitFor();
    const wrong = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Datei mit Mitgliedern' }).click();
    await (await wrong).setFiles(path.resolve(import.meta.dirname, '../../package.json'));
    await page.getByText('Diese Dateiart geht nicht. Bitte wählen Sie eine CSV-Datei').waitFor();
    expect(await page.getByRole('button', { name: 'Weiter: Spalten zuordnen' }).isDisabled()).toBe(true);
    await expectNoAxeViolations(page);

    // Named like a workbook, but none: the server's refusal in plain words.
    suite.current!.allowConsoleError(/Failed to load resource: the server responded with a status of 422/);
    const broken = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Datei mit Mitgliedern' }).click();
    await (
      await broken
    ).setFiles({ name: 'kaputt.xlsx', mimeType: XLSX_TYPE, buffer: Buffer.from('kein Excel, nur Text') });
    await page.getByRole('alert').filter({ hasText: 'Die Datei lässt sich nicht lesen' }).waitFor();

    // Headings the program does not know: nothing is suggested, and the dry run says what is missing.
    const unknown = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Datei mit Mitgliedern' }).click();
    await (
      await unknown
    ).setFiles({ name: 'liste.csv', mimeType: 'text/csv', buffer: Buffer.from('Spalte A;Spalte B\n1;2\n') });
    await page.getByRole('heading', { name: 'Gelesen: liste.csv' }).waitFor();
    await page.getByRole('button', { name: 'Weiter: Spalten zuordnen' }).click();
    await page.getByRole('button', { name: 'Probelauf starten' }).click();
    await page.getByRole('alert').filter({ hasText: 'Noch keine Spalte zugeordnet' }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Zurück', exact: true }).click();

    // Windows-1252 with semicolons, detected; 12 rows of which 4 are wrong and 1 repeats an earlier one.
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Datei mit Mitgliedern' }).click();
    await (
      await chooser
    ).setFiles(path.resolve(import.meta.dirname, '../fixtures/import/synthetic-windows-1252.csv'));
    await page.getByRole('heading', { name: 'Gelesen: synthetic-windows-1252.csv' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Zeichensatz' }).inputValue()).toBe(
      'Windows-1252 (älteres Excel unter Windows)',
    );
    await page.getByRole('button', { name: 'Weiter: Spalten zuordnen' }).click();
    await page.getByRole('button', { name: 'Probelauf starten' }).click();
    await page.getByRole('heading', { name: 'Ergebnis des Probelaufs' }).waitFor();
    await page.getByRole('heading', { name: 'Bericht: 5 Beanstandungen' }).waitFor();
    await page.getByRole('button', { name: '7 Zeilen jetzt importieren' }).waitFor();
    await expectNoAxeViolations(page);
  });

  it.each([
    ['laptop', viewports.laptop],
    ['phone', viewports.phone],
  ] as const)(
    'exports the list with a purpose (%s): the file is UTF-8 CSV with BOM and the chosen columns',
    async (_name, viewport) => {
      const page = await signedInPage(viewport);
      await page.goto('/mitglieder');
      await page.getByRole('heading', { level: 1, name: 'Mitglieder' }).waitFor();
      await page.getByRole('button', { name: 'Exportieren' }).click();
      const dialog = page.getByRole('dialog', { name: 'Mitglieder exportieren' });
      await dialog.getByText('Jeder Export wird protokolliert').waitFor();
      // Without a purpose nothing is exported.
      await dialog.getByRole('button', { name: 'Export starten' }).click();
      await dialog.getByText('Bitte wählen Sie einen Zweck.').waitFor();
      await expectNoAxeViolations(page);
      await dialog.getByRole('combobox', { name: 'Zweck' }).click();
      await page.getByRole('option', { name: 'Einladung zu einer Versammlung' }).click();
      await dialog.getByRole('checkbox', { name: 'Geburtsdatum' }).check();
      await dialog.getByRole('button', { name: 'Export starten' }).click();

      const download = dialog.getByRole('link', { name: /herunterladen$/ });
      await download.waitFor();
      await dialog.getByText(/Fertig: \d+ Mitglieder exportiert\./).waitFor();
      expect(
        await dialog
          .getByRole('progressbar', { name: 'Fortschritt des Exports' })
          .getAttribute('aria-valuenow'),
      ).toBe('100');
      await expectNoAxeViolations(page);
      const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
      expect(file.suggestedFilename()).toMatch(/^mitglieder-he-\d{4}-\d{2}-\d{2}\.csv$/);
      const bytes = await readFile((await file.path())!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const header = bytes.subarray(3).toString('utf8').split('\r\n')[0];
      expect(header).toBe(
        'Mitgliedsnummer;Anrede;Titel;Vorname;Nachname;Geburtsdatum;Straße;Hausnummer;PLZ;Ort;E-Mail;Telefon;Status;Gliederung',
      );
    },
  );
});
