import { describe, expect, it } from 'vitest';
import { checkRow } from '@/server/modules/imports/import-rows';
import { resolveMapping } from '@/server/modules/imports/import-mapping';

const today = new Date('2026-11-29T12:00:00Z');
const headers = [
  'Vorname',
  'Nachname',
  'Geburtsdatum',
  'Straße',
  'PLZ',
  'Ort',
  'E-Mail',
  'Vorwahl',
  'Telefon',
  'IBAN',
  'Anrede',
];
const mapping = resolveMapping(headers, {
  columns: {
    Vorname: 'firstName',
    Nachname: 'lastName',
    Geburtsdatum: 'birthdate',
    Straße: 'street',
    PLZ: 'postcode',
    Ort: 'city',
    'E-Mail': 'email',
    Vorwahl: 'phoneAreaCode',
    Telefon: 'phone',
    IBAN: 'iban',
    Anrede: 'salutation',
  },
});

describe('checkRow', () => {
  it('cleans and normalises a good row', () => {
    const { draft, issues } = checkRow(
      2,
      [
        'Erika',
        'Mustermann',
        '3.3.70',
        'Am Teich 1',
        '6108',
        'Fulda',
        'Erika@Example.ORG',
        '="+49 661"',
        '12345-6',
        'DE89 3704 0044 0532 0130 00',
        'Frau',
      ],
      mapping,
      {},
      today,
    );
    expect(issues).toEqual([]);
    expect(draft).toMatchObject({
      firstName: 'Erika',
      lastName: 'Mustermann',
      birthdate: '1970-03-03',
      street: 'Am Teich',
      houseNumber: '1',
      postcode: '06108',
      email: 'erika@example.org',
      phone: '+49661123456',
      iban: 'DE89370400440532013000',
      accountHolder: 'Erika Mustermann',
      gender: 'female',
      status: 'member',
      country: 'DE',
    });
  });

  it('rejects the row and names every bad value in plain German', () => {
    const { draft, issues } = checkRow(
      7,
      [
        '',
        'Muster',
        '31.02.1970',
        'Weg 2',
        '1234X',
        'Ort',
        'kein-at',
        '',
        '12',
        'DE00370400440532013000',
        '',
      ],
      mapping,
      {},
      today,
    );
    expect(draft).toBeNull();
    expect(issues).toEqual([
      { line: 7, column: 'Vorname', value: null, message: 'Der Vorname fehlt.' },
      {
        line: 7,
        column: 'Geburtsdatum',
        value: '31.02.1970',
        message: '„31.02.1970“ ist kein gültiges Datum (diesen Tag gibt es nicht).',
      },
      {
        line: 7,
        column: 'PLZ',
        value: '1234X',
        message: '„1234X“ ist keine gültige Postleitzahl (fünf Ziffern).',
      },
      { line: 7, column: 'E-Mail', value: 'kein-at', message: '„kein-at“ ist keine gültige E-Mail-Adresse.' },
      { line: 7, column: 'Telefon', value: '12', message: '„12“ ist keine gültige Telefonnummer.' },
      {
        line: 7,
        column: 'IBAN',
        value: 'DE00370400440532013000',
        message: 'Die IBAN „DE00370400440532013000“ ist ungültig: Die Prüfziffern stimmen nicht.',
      },
    ]);
  });

  it('reports Excel error values instead of importing them', () => {
    const { draft, issues } = checkRow(3, ['Max', 'Muster', '#NV'], mapping, {}, today);
    expect(draft).toBeNull();
    expect(issues[0]?.message).toContain('#NV');
  });
});
