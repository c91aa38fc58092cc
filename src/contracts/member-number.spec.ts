import { describe, expect, it } from 'vitest';
import {
  dammDigit,
  isValidMemberNumber,
  memberNumberSchema,
  memberNumberWithCheckDigit,
} from '@/contracts/member-number';

/** Running numbers spread over the whole range, including edge cases and repeated digits. */
function sample(): number[] {
  const numbers = [1, 9, 10, 99, 1_000_000, 1_000_001, 1_234_567, 5_555_555, 9_999_999];
  // A fixed linear congruential walk: deterministic, no dependency on Math.random.
  let x = 12345;
  for (let i = 0; i < 400; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    numbers.push(1 + (x % 9_999_999));
  }
  return numbers;
}

describe('Damm check digit', () => {
  it('matches the published example (572 → 4)', () => {
    expect(dammDigit('572')).toBe(4);
    expect(dammDigit('5724')).toBe(0);
  });

  it('pads the running number to seven digits and appends the check digit', () => {
    const n = memberNumberWithCheckDigit(1_000_001);
    expect(n).toMatch(/^1000001\d$/);
    expect(memberNumberWithCheckDigit(42)).toMatch(/^0000042\d$/);
    expect(isValidMemberNumber(n)).toBe(true);
  });

  it('rejects running numbers outside 1 … 9,999,999', () => {
    expect(() => memberNumberWithCheckDigit(0)).toThrow(RangeError);
    expect(() => memberNumberWithCheckDigit(10_000_000)).toThrow(RangeError);
    expect(() => memberNumberWithCheckDigit(1.5)).toThrow(RangeError);
  });

  it('accepts only eight digits', () => {
    const n = memberNumberWithCheckDigit(1_234_567);
    expect(isValidMemberNumber(n.slice(1))).toBe(false);
    expect(isValidMemberNumber(`${n}0`)).toBe(false);
    expect(isValidMemberNumber(`${n.slice(0, 7)}x`)).toBe(false);
    expect(isValidMemberNumber('')).toBe(false);
    expect(memberNumberSchema.safeParse(n).success).toBe(true);
    expect(memberNumberSchema.safeParse('12345678').success).toBe(isValidMemberNumber('12345678'));
  });

  it('catches every single-digit error', () => {
    let checked = 0;
    for (const running of sample()) {
      const valid = memberNumberWithCheckDigit(running);
      expect(isValidMemberNumber(valid)).toBe(true);
      for (let pos = 0; pos < valid.length; pos++) {
        for (let digit = 0; digit <= 9; digit++) {
          if (String(digit) === valid[pos]) continue;
          const wrong = valid.slice(0, pos) + String(digit) + valid.slice(pos + 1);
          expect(isValidMemberNumber(wrong), `${valid} → ${wrong}`).toBe(false);
          checked++;
        }
      }
    }
    expect(checked).toBe(sample().length * 8 * 9);
  });

  it('catches every transposition of two adjacent different digits', () => {
    let checked = 0;
    for (const running of sample()) {
      const valid = memberNumberWithCheckDigit(running);
      for (let pos = 0; pos + 1 < valid.length; pos++) {
        if (valid[pos] === valid[pos + 1]) continue;
        const swapped = valid.slice(0, pos) + valid[pos + 1] + valid[pos] + valid.slice(pos + 2);
        expect(isValidMemberNumber(swapped), `${valid} → ${swapped}`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(sample().length * 5);
  });
});
