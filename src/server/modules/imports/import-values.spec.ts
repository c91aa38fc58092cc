import { describe, expect, it } from 'vitest';
import {
  cleanCell,
  ibanChecksumValid,
  parseBirthdate,
  parseDate,
  parseEntryDate,
  parseGender,
  parseIban,
  parseStatus,
  restorePostcode,
  splitStreet,
} from '@/server/modules/imports/import-values';

const today = new Date('2026-11-29T12:00:00Z');

describe('cleanCell', () => {
  it('removes Excel text formulas, defusing apostrophes and blanks', () => {
    expect(cleanCell('="+49 30"')).toBe('+49 30');
    expect(cleanCell('="00123"')).toBe('00123');
    expect(cleanCell("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(cleanCell("'+49 661")).toBe('+49 661');
    expect(cleanCell("O'Brien")).toBe("O'Brien");
    expect(cleanCell('\u00a0 Müller ')).toBe('Müller');
    expect(cleanCell('   ')).toBeNull();
  });
});

describe('parseDate', () => {
  it.each([
    ['03.03.1970', '1970-03-03'],
    ['3.3.70', '1970-03-03'],
    ['01.05.00', '2000-05-01'],
    ['29.02.24', '2024-02-29'],
    ['1970-03-03', '1970-03-03'],
    ['1970-03-03T00:00:00.000Z', '1970-03-03'],
    ['03/03/1970', '1970-03-03'],
    ['25630', '1970-03-03'],
  ])('reads %s as %s', (input, expected) => {
    expect(parseDate(input, today)).toEqual({ ok: true, value: expected });
  });

  it('refuses days that do not exist and text that is no date', () => {
    expect(parseDate('31.02.1970', today)).toMatchObject({
      ok: false,
      message: expect.stringContaining('gibt es nicht'),
    });
    expect(parseDate('29.02.1971', today).ok).toBe(false);
    expect(parseDate('März 1970', today)).toMatchObject({
      ok: false,
      message: expect.stringContaining('kein Datum'),
    });
  });

  it('checks birth and entry dates for plausibility', () => {
    expect(parseBirthdate('01.01.2030', today)).toMatchObject({
      ok: false,
      message: expect.stringContaining('Zukunft'),
    });
    expect(parseBirthdate('01.01.1899', today).ok).toBe(false);
    expect(parseEntryDate('01.01.2026', today).ok).toBe(true);
    expect(parseEntryDate('01.01.2029', today).ok).toBe(false);
  });
});

describe('IBAN', () => {
  it('accepts valid IBANs in any spacing and refuses wrong check digits and lengths', () => {
    expect(parseIban('DE89 3704 0044 0532 0130 00')).toEqual({ ok: true, value: 'DE89370400440532013000' });
    expect(parseIban('de89370400440532013000').ok).toBe(true);
    expect(parseIban('GB82 WEST 1234 5698 7654 32').ok).toBe(true);
    expect(parseIban('DE88370400440532013000')).toMatchObject({
      ok: false,
      message: expect.stringContaining('Prüfziffern'),
    });
    expect(parseIban('DE8937040044053201300')).toMatchObject({
      ok: false,
      message: expect.stringContaining('22'),
    });
    expect(parseIban('1861889').ok).toBe(false);
  });

  it('computes mod 97 over letters and digits', () => {
    expect(ibanChecksumValid('NL91ABNA0417164300')).toBe(true);
    expect(ibanChecksumValid('NL91ABNA0417164301')).toBe(false);
  });
});

describe('words', () => {
  it('maps gender and status words', () => {
    expect(parseGender('W')).toEqual({ ok: true, value: 'female' });
    expect(parseGender('männlich')).toEqual({ ok: true, value: 'male' });
    expect(parseGender('k.A.')).toEqual({ ok: true, value: 'unspecified' });
    expect(parseGender('q').ok).toBe(false);
    expect(parseStatus('Mitglied')).toEqual({ ok: true, value: 'member' });
    expect(parseStatus('Aufnahmeantrag')).toEqual({ ok: true, value: 'applicant' });
    expect(parseStatus('ausgetreten').ok).toBe(false);
  });

  it('splits street and house number and restores leading zeros of postcodes', () => {
    expect(splitStreet('Am Teich 1')).toEqual({ street: 'Am Teich', houseNumber: '1' });
    expect(splitStreet('Platz der Republik 1')).toEqual({ street: 'Platz der Republik', houseNumber: '1' });
    expect(splitStreet('Hauptstr. 12 a')).toEqual({ street: 'Hauptstr.', houseNumber: '12a' });
    expect(splitStreet('Bahnhofstraße 12-14')).toEqual({ street: 'Bahnhofstraße', houseNumber: '12-14' });
    expect(splitStreet('Straße des 17. Juni')).toEqual({ street: 'Straße des 17. Juni', houseNumber: null });
    expect(restorePostcode('1067', 'DE')).toBe('01067');
    expect(restorePostcode('1067', 'AT')).toBe('1067');
  });
});
