import { describe, expect, it } from 'vitest';
import {
  addYears,
  ageOn,
  civilOf,
  dayOf,
  isoDate,
  isoTimestamp,
  parseIsoDate,
} from '@/server/modules/demo/demo-dates';

describe('day numbers', () => {
  it('agree with Date for every day from 1900 to 2100', () => {
    const wrong: string[] = [];
    for (let d = dayOf(1900, 1, 1); d <= dayOf(2100, 12, 31); d += 1) {
      const expected = new Date(d * 86_400_000).toISOString().slice(0, 10);
      if (isoDate(d) !== expected || parseIsoDate(expected) !== d) wrong.push(expected);
    }
    expect(wrong).toEqual([]);
  });

  it('round-trip and reject impossible dates', () => {
    expect(parseIsoDate('1970-01-01')).toBe(0);
    expect(parseIsoDate('1969-12-31')).toBe(-1);
    expect(civilOf(parseIsoDate('2024-02-29'))).toEqual({ year: 2024, month: 2, day: 29 });
    expect(() => parseIsoDate('2023-02-29')).toThrow(RangeError);
    expect(() => parseIsoDate('1.1.2020')).toThrow(RangeError);
  });

  it('counts ages in full years and moves 29 February to the 28th', () => {
    const born = parseIsoDate('2008-02-29');
    expect(isoDate(addYears(born, 16))).toBe('2024-02-29');
    expect(isoDate(addYears(born, 17))).toBe('2025-02-28');
    expect(ageOn(born, parseIsoDate('2024-02-28'))).toBe(15);
    expect(ageOn(born, parseIsoDate('2024-02-29'))).toBe(16);
    expect(isoTimestamp(parseIsoDate('2026-11-01'), 9 * 3600 + 61)).toBe('2026-11-01 09:01:01+00');
  });
});
