import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { MemberList } from '@/contracts/members';
import { expectNoAxeViolations, hasChromium, viewports } from './support/browser';
import { signIn } from './support/accounts';
import { useDistrictAdminSuite } from './support/district-admin';

const ADMIN = {
  email: 'kreis.listen@example.org',
  name: 'Kreis Listen',
  password: 'Kreis-Passphrase-fuer-Tests-2026',
};

const count = (n: number) =>
  n === 0 ? 'Keine Mitglieder' : n === 1 ? '1 Mitglied' : `${n.toLocaleString('de-DE')} Mitglieder`;

describe.skipIf(!hasChromium)('member lists, mandates and merges (Kreisverband admin)', () => {
  const { suite, admin, api, createMember } = useDistrictAdminSuite(ADMIN);

  const apiTotal = async (query: string) => (await api<MemberList>('GET', `/members?${query}`)).body.total;

  /** Signs in through the page with password and authenticator code, then opens `path`. */
  const signInAndOpen = async (path: string): Promise<Page> => {
    const page = await suite.open({
      viewport: viewports.laptop,
      allowConsoleErrors: [/Failed to load resource: the server responded with a status of 401/],
    });
    await signIn(page, {
      email: ADMIN.email,
      password: ADMIN.password,
      authenticator: admin().authenticator,
    });
    await page.goto(path);
    return page;
  };

  const choose = async (page: Page, label: string, option: string) => {
    await page.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };

  const memberCount = (page: Page, n: number) =>
    page.getByRole('status').filter({ hasText: new RegExp(`^${count(n)}$`) });

  it('filters by a function, and the total is the one the API gives', async () => {
    const treasurer = await createMember('Tabea', 'Kassenwart');
    const other = await createMember('Ulf', 'Ohneamt');
    const added = await api('POST', `/members/${treasurer.id}/functions`, {
      code: 'treasurer',
      unitCode: 'HE-06631',
      startDate: '2024-05-01',
    });
    expect(added.status).toBe(201);
    const all = await apiTotal('');
    const treasurers = await apiTotal('function=treasurer');
    expect(treasurers).toBeGreaterThanOrEqual(1);
    expect(treasurers).toBeLessThan(all);

    const page = await signInAndOpen('/mitglieder');
    await memberCount(page, all).waitFor();
    await choose(page, 'Amt', 'Schatzmeister/in');
    await memberCount(page, treasurers).waitFor();
    expect(new URL(page.url()).searchParams.get('function')).toBe('treasurer');
    await page.getByRole('link', { name: 'Kassenwart, Tabea' }).waitFor();
    expect(await page.getByRole('link', { name: 'Ohneamt, Ulf' }).count()).toBe(0);
    await expectNoAxeViolations(page);

    // The address is the list: opening it again shows the same.
    await page.goto(`/mitglieder?function=treasurer&status=member`);
    await memberCount(page, await apiTotal('function=treasurer&status=member')).waitFor();
    await expect
      .poll(() => page.getByRole('combobox', { name: 'Amt' }).inputValue())
      .toBe('Schatzmeister/in');
    expect(other.id).not.toBe(treasurer.id);
  });

  it('saves a list, opens it again from the menu and deletes it', async () => {
    const page = await signInAndOpen('/mitglieder?consent=email');
    const withConsent = await apiTotal('consent=email&status=member,applicant');
    await choose(page, 'Status', 'Mitglied');
    // The choices stay open for a second one.
    await page.getByRole('option', { name: 'Antrag gestellt', exact: true }).click();
    await page.keyboard.press('Escape');
    await memberCount(page, withConsent).waitFor();

    await page.getByRole('button', { name: 'Liste speichern' }).click();
    const dialog = page.getByRole('dialog', { name: 'Liste speichern' });
    await dialog.getByRole('textbox', { name: 'Name der Liste' }).fill('Newsletter-Empfänger');
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await dialog.waitFor({ state: 'detached' });

    // A fresh list page, then the saved one from the menu.
    await page.goto('/mitglieder');
    await memberCount(page, await apiTotal('')).waitFor();
    await page.getByRole('button', { name: /^Gespeicherte Listen/ }).click();
    await page.getByRole('menuitem', { name: 'Newsletter-Empfänger' }).click();
    await memberCount(page, withConsent).waitFor();
    const url = new URL(page.url());
    expect(url.searchParams.get('consent')).toBe('email');
    expect(url.searchParams.get('status')).toBe('member,applicant');
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: /^Gespeicherte Listen/ }).click();
    await page.getByRole('menuitem', { name: 'Eigene Listen löschen …' }).click();
    const manage = page.getByRole('dialog', { name: 'Eigene Listen' });
    await manage.getByRole('button', { name: 'Liste „Newsletter-Empfänger“ löschen' }).click();
    await manage.getByText('Sie haben keine eigenen Listen gespeichert.').waitFor();
    const lists = await api<{ items: unknown[] }>('GET', '/saved-lists');
    expect(lists.body.items).toEqual([]);
  });

  it('lists a mandate holder in the directory, by level', async () => {
    const holder = await createMember('Margarete', 'Mandatsträgerin');
    const added = await api('POST', `/members/${holder.id}/mandates`, {
      code: 'kreistag',
      body: 'Kreistag Fulda',
      constituency: 'Wahlkreis Fulda-Nord',
      unitCode: 'HE-06631',
      startDate: '2021-04-01',
    });
    expect(added.status).toBe(201);

    const page = await signInAndOpen('/mitglieder');
    await page.getByRole('link', { name: 'Mandate', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Mandate' }).waitFor();
    await choose(page, 'Ebene', 'Kreis');
    await page.getByRole('link', { name: 'Mandatsträgerin, Margarete' }).waitFor();
    await page.getByRole('cell', { name: 'Wahlkreis Fulda-Nord' }).waitFor();
    expect(new URL(page.url()).searchParams.get('level')).toBe('district');
    await expectNoAxeViolations(page);

    // On the day before it began, the mandate is not listed; from its first day on it is.
    await page.getByLabel('Stichtag').fill('2021-03-31');
    await page.getByRole('link', { name: 'Mandatsträgerin, Margarete' }).waitFor({ state: 'detached' });
    await page.getByLabel('Stichtag').fill('2021-04-01');
    await page.getByRole('link', { name: 'Mandatsträgerin, Margarete' }).waitFor();
    expect(new URL(page.url()).searchParams.get('activeOn')).toBe('2021-04-01');

    await choose(page, 'Ebene', 'Bund');
    await page.getByRole('link', { name: 'Mandatsträgerin, Margarete' }).waitFor({ state: 'detached' });
  });

  it('adds and ends an office, records and withdraws a consent on the member tabs', async () => {
    const member = await createMember('Friedrich', 'Funktionär');
    const page = await signInAndOpen(`/mitglieder/${member.id}`);
    await page.getByRole('heading', { level: 1, name: 'Funktionär, Friedrich' }).waitFor();

    await page.getByRole('tab', { name: 'Funktionen & Mandate' }).click();
    await page.getByRole('button', { name: 'Amt hinzufügen' }).click();
    const add = page.getByRole('dialog', { name: 'Amt hinzufügen' });
    await choose(page, 'Amt', 'Beisitzer/in');
    await add.getByLabel('Seit (erster Tag)').fill('2025-02-01');
    await expectNoAxeViolations(page);
    await add.getByRole('button', { name: 'Amt hinzufügen' }).click();
    await add.waitFor({ state: 'detached' });
    await page.getByRole('listitem').filter({ hasText: 'Beisitzer/in' }).waitFor();

    await page.getByRole('button', { name: 'Beisitzer/in beenden' }).click();
    const end = page.getByRole('dialog', { name: 'Beisitzer/in beenden' });
    await end.getByLabel('Letzter Tag').fill('2026-01-31');
    await end.getByRole('button', { name: 'Beenden' }).click();
    await page.getByRole('listitem').filter({ hasText: '01.02.2025 – 31.01.2026' }).waitFor();
    await expectNoAxeViolations(page);
    const offices = await api<{ functions: { code: string; endDate: string | null }[] }>(
      'GET',
      `/members/${member.id}/functions`,
    );
    expect(offices.body.functions).toEqual([
      expect.objectContaining({ code: 'board_member', endDate: '2026-01-31' }),
    ]);

    await page.getByRole('tab', { name: 'Einwilligungen' }).click();
    await page.getByRole('button', { name: 'Einwilligung erfassen' }).click();
    const grant = page.getByRole('dialog', { name: 'Einwilligung erfassen' });
    await choose(page, 'Weg', 'E-Mail');
    await grant.getByLabel('Erteilt am').fill('2024-03-01');
    await grant.getByRole('textbox', { name: 'Quelle' }).fill('Aufnahmeantrag (Papier)');
    await expectNoAxeViolations(page);
    await grant.getByRole('button', { name: 'Einwilligung erfassen' }).click();
    await page.getByRole('status').filter({ hasText: 'Einwilligung für E-Mail erfasst.' }).waitFor();

    await page.getByRole('button', { name: 'Einwilligung für E-Mail widerrufen' }).click();
    const withdraw = page.getByRole('dialog', { name: 'Widerruf erfassen' });
    await withdraw.getByLabel('Widerrufen am').fill('2026-03-03');
    await withdraw.getByRole('textbox', { name: 'Wie wurde widerrufen?' }).fill('E-Mail vom 3. März');
    await withdraw.getByRole('button', { name: 'Widerrufen' }).click();
    await page.getByRole('status').filter({ hasText: 'Widerruf für E-Mail erfasst.' }).waitFor();
    await page.getByRole('cell', { name: '03.03.2026 (E-Mail vom 3. März)' }).waitFor();
    const stored = await api('GET', `/members/${member.id}`);
    expect(stored.body.consents).toEqual([
      {
        channel: 'email',
        grantedOn: '2024-03-01',
        source: 'Aufnahmeantrag (Papier)',
        withdrawnOn: '2026-03-03',
        withdrawalSource: 'E-Mail vom 3. März',
      },
    ]);
  });

  it('merges two records of one person, shows what moved, and undoes the merge', async () => {
    const person = { birthdate: '1970-05-01', postcode: '36037', city: 'Fulda' };
    const kept = await createMember('Hanspeter', 'Mueller', person);
    const duplicate = await createMember('Hans-Peter', 'Müller', person);
    expect(
      (
        await api('POST', `/members/${duplicate.id}/functions`, {
          code: 'chair',
          unitCode: 'HE-06631',
          startDate: '2022-01-01',
        })
      ).status,
    ).toBe(201);

    const page = await signInAndOpen(`/mitglieder/${kept.id}`);
    await page.getByRole('heading', { level: 1, name: 'Mueller, Hanspeter' }).waitFor();
    await page.getByRole('link', { name: 'Zusammenführen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Datensätze zusammenführen' }).waitFor();
    await page.getByRole('link', { name: 'Mit Müller, Hans-Peter zusammenführen' }).click();

    const keep = page.getByRole('radio', { name: 'Mueller, Hanspeter behalten' });
    await keep.waitFor();
    expect(await keep.isChecked()).toBe(true);
    await page
      .getByText('Von Müller, Hans-Peter gehen an Mueller, Hanspeter: 1 Amt', { exact: false })
      .waitFor();
    await page.getByRole('textbox', { name: 'Begründung' }).fill('Doppelt erfasst: gleicher Geburtstag');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Zusammenführen …' }).click();
    const confirm = page.getByRole('dialog', { name: 'Wirklich zusammenführen?' });
    await confirm.getByText('Einen Tag lang können Sie sie rückgängig machen', { exact: false }).waitFor();
    await expectNoAxeViolations(page);
    await confirm.getByRole('button', { name: 'Ja, zusammenführen' }).click();

    await page.getByRole('status').filter({ hasText: 'Übertragen wurden 1 Amt' }).waitFor();
    expect((await api('GET', `/members/${duplicate.id}`)).status).toBe(404);
    const moved = await api<{ functions: { code: string }[] }>('GET', `/members/${kept.id}/functions`);
    expect(moved.body.functions.map((f) => f.code)).toEqual(['chair']);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Rückgängig machen' }).waitFor();

    // The kept record's page offers the way back too, for the rest of the day.
    await page.getByRole('button', { name: 'Bleibenden Datensatz öffnen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mueller, Hanspeter' }).waitFor();
    await page.getByText('eben durch eine Zusammenführung gewachsen', { exact: false }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Rückgängig machen' }).click();
    await page.getByRole('status').filter({ hasText: 'Beide Datensätze sind wieder da' }).waitFor();
    expect((await api('GET', `/members/${duplicate.id}`)).status).toBe(200);
    const back = await api<{ functions: { code: string }[] }>('GET', `/members/${duplicate.id}/functions`);
    expect(back.body.functions.map((f) => f.code)).toEqual(['chair']);
    const left = await api<{ functions: { code: string }[] }>('GET', `/members/${kept.id}/functions`);
    expect(left.body.functions).toEqual([]);
  });
});
