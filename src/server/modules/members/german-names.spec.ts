import { describe, expect, it } from 'vitest';
import {
  addressKey,
  compactPhoneticCode,
  foldGerman,
  koelnerPhonetik,
  nameKey,
  nameTerms,
} from '@/server/modules/members/german-names';

describe('foldGerman', () => {
  it('folds umlauts and their transliterations to one key', () => {
    expect(foldGerman('Müller')).toBe('muller');
    expect(foldGerman('Mueller')).toBe('muller');
    expect(foldGerman('Muller')).toBe('muller');
    expect(foldGerman('Schröder')).toBe(foldGerman('Schroeder'));
    expect(foldGerman('Bär')).toBe(foldGerman('Baer'));
  });

  it('writes ß as ss, also the capital ẞ', () => {
    expect(foldGerman('Weiß')).toBe('weiss');
    expect(foldGerman('WEIẞ')).toBe('weiss');
    expect(foldGerman('Strauß')).toBe(foldGerman('Strauss'));
  });

  it('removes accents', () => {
    expect(foldGerman('José')).toBe('jose');
    expect(foldGerman('Françoise')).toBe('francoise');
    expect(foldGerman('Łukasz Øster')).toBe('lukasz oster');
  });

  it('joins hyphens and apostrophes and turns other punctuation into spaces', () => {
    expect(foldGerman('Hans-Peter')).toBe('hanspeter');
    expect(foldGerman("O'Brien")).toBe('obrien');
    expect(foldGerman('  Müller,  Anna ')).toBe('muller anna');
  });
});

describe('nameKey and nameTerms', () => {
  it('gives Hans-Peter, Hans Peter and Hanspeter one key', () => {
    expect(nameKey('Hans-Peter')).toBe('hanspeter');
    expect(nameKey('Hans Peter')).toBe('hanspeter');
    expect(nameKey('Hanspeter')).toBe('hanspeter');
  });

  it('drops particles from the key but keeps the joined form as a term', () => {
    expect(nameKey('von der Heide')).toBe('heide');
    expect(nameTerms('von der Heide')).toEqual(expect.arrayContaining(['heide', 'vonderheide']));
    expect(nameTerms('von der Heide')).not.toContain('von');
  });

  it('keeps a name that is nothing but particles', () => {
    expect(nameKey('Von')).toBe('von');
  });

  it('finds each part of a double name', () => {
    expect(nameTerms('Müller-Lüdenscheidt')).toEqual(
      expect.arrayContaining(['mullerludenscheidt', 'muller', 'ludenscheidt']),
    );
    expect(nameTerms('Hans-Peter')).toEqual(expect.arrayContaining(['hanspeter', 'hans', 'peter']));
  });

  it('has no terms for an empty name', () => {
    expect(nameTerms('  - ')).toEqual([]);
  });
});

describe('koelnerPhonetik', () => {
  // The examples published with the algorithm (Postel 1969, as given in the German Wikipedia).
  it('codes Müller-Lüdenscheidt as 65752682 (raw 60550750206880022)', () => {
    expect(compactPhoneticCode('60550750206880022')).toBe('65752682');
    expect(koelnerPhonetik('Müller-Lüdenscheidt')).toBe('65752682');
  });

  it('codes Wikipedia as 3412 and Breschnew as 17863', () => {
    expect(koelnerPhonetik('Wikipedia')).toBe('3412');
    expect(koelnerPhonetik('Breschnew')).toBe('17863');
  });

  it('gives Meier, Meyer, Maier and Mayer one code', () => {
    const codes = ['Meier', 'Meyer', 'Maier', 'Mayer'].map(koelnerPhonetik);
    expect(new Set(codes)).toEqual(new Set(['67']));
  });

  it('gives Schmidt, Schmitt and Schmid one code', () => {
    expect(koelnerPhonetik('Schmidt')).toBe('862');
    expect(koelnerPhonetik('Schmitt')).toBe('862');
    expect(koelnerPhonetik('Schmid')).toBe('862');
  });

  it('codes Müller, Mueller and Muller alike', () => {
    expect(koelnerPhonetik('Müller')).toBe('657');
    expect(koelnerPhonetik('Mueller')).toBe('657');
    expect(koelnerPhonetik('Muller')).toBe('657');
  });

  it('follows the context rules for C, D/T, P and X', () => {
    expect(koelnerPhonetik('Christ')).toBe('4782'); // C at the start before H → 4
    expect(koelnerPhonetik('Celle')).toBe('85'); // C at the start before E → 8
    expect(koelnerPhonetik('Philipp')).toBe('351'); // PH → 3
    expect(koelnerPhonetik('Deutsch')).toBe('28'); // T before S → 8
    expect(koelnerPhonetik('Xaver')).toBe('4837'); // X at the start → 48
    expect(koelnerPhonetik('Dachs')).toBe('248'); // C after A before H → 4; S → 8
  });

  it('keeps a leading zero and drops the others', () => {
    expect(koelnerPhonetik('Anna')).toBe('06');
    expect(koelnerPhonetik('')).toBe('');
  });
});

describe('addressKey', () => {
  it('treats Straße, Strasse and Str. alike', () => {
    const a = addressKey({ street: 'Hauptstraße', houseNumber: '12 a', postcode: '36037' });
    expect(a).toBe('36037|hauptstr|12a');
    expect(addressKey({ street: 'Hauptstr.', houseNumber: '12a', postcode: '36037' })).toBe(a);
    expect(addressKey({ street: 'Hauptstrasse', houseNumber: '12A', postcode: '36037' })).toBe(a);
  });

  it('is null without street or postcode', () => {
    expect(addressKey({ street: null, postcode: '36037' })).toBeNull();
  });
});
