import { describe, expect, it } from 'vitest';
import {
  detectFormat,
  headerKey,
  resolveMapping,
  suggestMapping,
} from '@/server/modules/imports/import-mapping';

describe('headerKey', () => {
  it('compares headers without case, umlauts and punctuation', () => {
    expect(headerKey('Straße')).toBe('strasse');
    expect(headerKey('E-Mail')).toBe('email');
    expect(headerKey('Telefon_privat')).toBe('telefonprivat');
    expect(headerKey('Kündigung')).toBe('kuendigung');
  });
});

describe('suggestMapping', () => {
  it('maps German and English headers', () => {
    const { mapping, knownFormat } = suggestMapping([
      'Vorname',
      'Nachname',
      'Geburtsdatum',
      'E-Mail',
      'PLZ',
      'Wohnort',
      'Lieblingsfarbe',
    ]);
    expect(knownFormat).toBeNull();
    expect(mapping.columns).toEqual({
      Vorname: 'firstName',
      Nachname: 'lastName',
      Geburtsdatum: 'birthdate',
      'E-Mail': 'email',
      PLZ: 'postcode',
      Wohnort: 'city',
      Lieblingsfarbe: null,
    });
    expect(suggestMapping(['First Name', 'Last Name', 'Postal Code', 'Birth Date']).mapping.columns).toEqual({
      'First Name': 'firstName',
      'Last Name': 'lastName',
      'Postal Code': 'postcode',
      'Birth Date': 'birthdate',
    });
  });

  it('recognises the Kürschner export and maps its parliament address and split phone', () => {
    const headers =
      'LFDNR;TITEL;NAMENSZEILE;NACHNAME;VORNAME;PRAEFIX;GESCHLECHT;ANREDEHERRNFRAU;FRAKTION;GREMIEN;EMAIL1;ADRESSEPARL;ADRESSZUSATZPARL;STRASSEPOSTFACHPARL;PLZPARL;ORTPARL;EUMITGLIEDSLANDPARL;TELEFONVORWAHLPARL;TELEFONNUMMERPARL;PLZREG;ORTREG;TELEFONVORWAHLREG'.split(
        ';',
      );
    const { mapping, knownFormat } = suggestMapping(headers);
    expect(knownFormat).toBe('kuerschner');
    expect(mapping.columns).toMatchObject({
      LFDNR: 'externalId',
      NACHNAME: 'lastName',
      EMAIL1: 'email',
      STRASSEPOSTFACHPARL: 'street',
      PLZPARL: 'postcode',
      ORTPARL: 'city',
      TELEFONVORWAHLPARL: 'phoneAreaCode',
      TELEFONNUMMERPARL: 'phone',
      NAMENSZEILE: null,
      PLZREG: null,
      TELEFONVORWAHLREG: null,
    });
  });

  it('recognises JVerein, hitobito and CiviCRM headers', () => {
    expect(
      detectFormat(
        'Mitglieds_Nr;Anrede;Titel;Nachname;Vorname;Strasse;Plz;Ort;Geburtsdatum;Geschlecht;Bankleitzahl;Kontonummer;Telefon_privat;Email;Eintritt'.split(
          ';',
        ),
      ),
    ).toBe('jverein');
    expect(
      detectFormat([
        'Vorname',
        'Nachname',
        'Übername',
        'Firmenname',
        'Haupt-E-Mail',
        'Strasse',
        'Hausnummer',
        'PLZ',
        'Ort',
        'Hauptebene',
        'Rollen',
      ]),
    ).toBe('hitobito');
    expect(
      detectFormat([
        'Contact ID',
        'Contact Type',
        'Sort Name',
        'Display Name',
        'First Name',
        'Last Name',
        'Email',
        'City',
        'Postal Code',
        'Membership Status',
      ]),
    ).toBe('civicrm');
    expect(
      detectFormat(['Vorname', 'Nachname', 'Geburtsdatum', 'Email', 'Plz', 'Ort', 'Telefon', 'Bemerkung']),
    ).toBeNull();
    expect(
      suggestMapping([
        'Contact ID',
        'First Name',
        'Last Name',
        'Street Address',
        'Membership Status',
        'Member Since',
      ]).mapping.columns,
    ).toMatchObject({
      'Contact ID': 'externalId',
      'Street Address': 'street',
      'Member Since': 'entryDate',
    });
  });
});

describe('resolveMapping', () => {
  it('finds columns by header and reports mapped columns the file lacks', () => {
    const resolved = resolveMapping(['Name', 'Vorname', 'Ort'], {
      columns: { Vorname: 'firstName', Name: 'lastName', Telefon: 'phone', Ort: null },
    });
    expect(resolved.byIndex).toEqual(['lastName', 'firstName', null]);
    expect(resolved.columnOf).toEqual({ lastName: 'Name', firstName: 'Vorname' });
    expect(resolved.unknownColumns).toEqual(['Telefon']);
  });
});
