import { z } from 'zod';

/**
 * Member numbers are a 7-digit running number followed by one check digit computed with the
 * Damm algorithm. Damm catches every single-digit error and every transposition of two
 * adjacent digits, which covers most mistakes made when a number is typed or read out on the
 * phone, and it needs no letter (unlike ISO 7064 mod 11,10 or mod 97).
 */

/** A totally anti-symmetric quasigroup of order 10 (H. M. Damm, 2004). */
const dammTable: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/** The running number's width; the full member number has one digit more. */
export const memberNumberDigits = 7;

/** The Damm interim digit of a string of decimal digits; 0 means the string is valid. */
export function dammDigit(digits: string): number {
  let interim = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new RangeError(`not a decimal digit: ${digits[i]}`);
    interim = dammTable[interim]![d]!;
  }
  return interim;
}

/** The member number for running number n (1 … 9,999,999): 7 digits, zero-padded, plus the check digit. */
export function memberNumberWithCheckDigit(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n >= 10 ** memberNumberDigits) {
    throw new RangeError(`running number must be an integer from 1 to ${10 ** memberNumberDigits - 1}`);
  }
  const base = String(n).padStart(memberNumberDigits, '0');
  return base + String(dammDigit(base));
}

/** True when s has exactly eight digits and its Damm check digit matches. */
export function isValidMemberNumber(s: string): boolean {
  return /^\d{8}$/.test(s) && dammDigit(s) === 0;
}

export const memberNumberSchema = z
  .string()
  .refine(isValidMemberNumber, 'A member number has 8 digits; the last one is a check digit.')
  .describe('7-digit running number plus a Damm check digit, e.g. 10000012')
  .meta({ id: 'MemberNumber' });
