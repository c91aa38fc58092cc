import { describe, expect, it } from 'vitest';
import {
  germanIban,
  isValidAccount,
  isValidIban,
  randomAccount,
  supportedCheckMethods,
  type CheckMethod,
} from '@/server/modules/demo/iban';
import { Random } from '@/server/modules/demo/random';

/**
 * Worked examples of the Bundesbank check-digit methods, as used in the tests of
 * baumerdev/ibantools-germany (MIT OR MPL-2.0), src/__tests__/lib/methods/*.spec.ts @1699f9f4.
 */
const accountVectors: [CheckMethod, string, boolean][] = [
  ['00', '9290701', true],
  ['00', '539290858', true],
  ['00', '1501824', true],
  ['00', '1501832', true],
  ['00', '1234567897', true],
  ['00', '9290801', false],
  ['00', '539190858', false],
  ['00', '1601824', false],
  ['00', '1501842', false],
  ['00', '1234667897', false],
  ['01', '1234567899', true],
  ['01', '1244567899', false],
  ['05', '1234567897', true],
  ['05', '1234667897', false],
  ['06', '94012341', true],
  ['06', '5073321010', true],
  ['06', '1234567892', true],
  ['06', '94013341', false],
  ['06', '5073331010', false],
  ['06', '1234667892', false],
  ['10', '12345008', true],
  ['10', '87654008', true],
  ['10', '1234567890', true],
  ['10', '12346008', false],
  ['10', '87656008', false],
  ['10', '1234577890', false],
  ['13', '12345676', true],
  ['13', '1234567600', true],
  ['13', '12355676', false],
  ['13', '1244567600', false],
  ['63', '123456600', true],
  ['63', '1234566', true],
  ['63', '123466600', false],
  ['63', '1244566', false],
  ['63', '1234567890', false],
  // A2 variant 1 and 96 variant 2 are method 00; the invalid examples fail every variant.
  ['A2', '3456789019', true],
  ['A2', '5678901231', true],
  ['A2', '6789012348', true],
  ['A2', '1234567890', false],
  ['96', '0000000208', true],
  ['96', '0101115152', true],
  ['96', '0301204301', true],
  ['96', '0000254200', false],
  ['96', '9421000109', false],
  ['96', '0000000408', false],
  ['96', '0101315152', false],
  ['96', '0301224301', false],
];

describe('account check-digit methods', () => {
  it.each(accountVectors)('method %s: %s valid = %s', (method, account, valid) => {
    expect(isValidAccount(method, account)).toBe(valid);
  });

  it.each(supportedCheckMethods.map((m) => [m]))('random accounts pass method %s', (method) => {
    const random = new Random(7, method.charCodeAt(0) * 256 + method.charCodeAt(1));
    for (let i = 0; i < 2000; i++) {
      const account = randomAccount(method, random);
      expect(account).toMatch(/^\d{10}$/);
      expect(isValidAccount(method, account), account).toBe(true);
    }
  });

  it('detects a changed digit in generated accounts (method 00)', () => {
    const random = new Random(3);
    let caught = 0;
    for (let i = 0; i < 500; i++) {
      const account = randomAccount('00', random);
      const pos = 9;
      const changed = account.slice(0, pos) + String((Number(account[pos]) + 1) % 10);
      if (!isValidAccount('00', changed)) caught++;
    }
    expect(caught).toBe(500);
  });
});

describe('IBAN', () => {
  it('computes the check digits of published examples', () => {
    expect(germanIban('37040044', '0532013000')).toBe('DE89370400440532013000');
    expect(germanIban('30020900', '0106531065')).toBe('DE02300209000106531065');
    expect(germanIban('37040044', '532013000')).toBe('DE89370400440532013000');
  });

  it('validates with ISO 7064 mod 97', () => {
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isValidIban('DE00300209000106531065')).toBe(false);
    expect(isValidIban('DE8937040044053201300')).toBe(false);
    expect(isValidIban('AD1200012030200359100100')).toBe(true);
  });

  it('catches every single-digit error and adjacent transposition in a generated IBAN', () => {
    const random = new Random(11);
    for (let n = 0; n < 50; n++) {
      const iban = germanIban('50050201', randomAccount('00', random));
      expect(isValidIban(iban)).toBe(true);
      for (let pos = 2; pos < iban.length; pos++) {
        for (let d = 0; d <= 9; d++) {
          if (String(d) === iban[pos]) continue;
          expect(isValidIban(iban.slice(0, pos) + String(d) + iban.slice(pos + 1))).toBe(false);
        }
        if (pos + 1 < iban.length && iban[pos] !== iban[pos + 1]) {
          const swapped = iban.slice(0, pos) + iban[pos + 1] + iban[pos] + iban.slice(pos + 2);
          expect(isValidIban(swapped)).toBe(false);
        }
      }
    }
  });
});
