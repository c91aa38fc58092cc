import { describe, expect, it } from 'vitest';
import { partyName, placeName } from '@/web/features/units/unit-names';

describe('partyName', () => {
  it('drops the level word from the federal unit name', () => {
    expect(partyName('Musterpartei Bundesverband')).toBe('Musterpartei');
    expect(partyName('Bundesverband Musterpartei')).toBe('Musterpartei');
  });

  it('keeps names without it, and a name that is nothing but the level', () => {
    expect(partyName('Musterpartei')).toBe('Musterpartei');
    expect(partyName('Bundesverbandspartei Deutschland')).toBe('Bundesverbandspartei Deutschland');
    expect(partyName('Bundesverband')).toBe('Bundesverband');
  });
});

describe('placeName', () => {
  it('takes the level word off the front', () => {
    expect(placeName('Kreisverband Offenbach am Main')).toBe('Offenbach am Main');
    expect(placeName('Stadtverband Fulda')).toBe('Fulda');
    expect(placeName('Gemeindeverband Ehrenberg (Rhön)')).toBe('Ehrenberg (Rhön)');
  });

  it('leaves other names alone', () => {
    expect(placeName('Kreisverbandstag Fulda')).toBe('Kreisverbandstag Fulda');
    expect(placeName('Fulda')).toBe('Fulda');
    expect(placeName('Kreisverband')).toBe('Kreisverband');
  });
});
