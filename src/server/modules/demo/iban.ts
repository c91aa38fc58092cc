import type { Random } from '@/server/modules/demo/random';

/**
 * German IBANs for the demo: account numbers that pass the bank's check-digit method of the
 * Deutsche Bundesbank ("Prüfzifferberechnungsmethoden") and the ISO 7064 mod-97 IBAN check.
 * Only the methods of the banks in reference-data/iban/demo_banks.csv are implemented.
 */

/** Methods whose check digit the demo can compute. A2 and 96 accept every account valid under 00. */
export const supportedCheckMethods = ['00', '01', '05', '06', '09', '10', '13', '63', 'A2', '96'] as const;
export type CheckMethod = (typeof supportedCheckMethods)[number];

export function isSupportedCheckMethod(method: string): method is CheckMethod {
  return (supportedCheckMethods as readonly string[]).includes(method);
}

const digitsOf = (account: string): number[] => [...account].map((c) => c.charCodeAt(0) - 48);
const crossSum = (n: number): number => (n >= 10 ? Math.floor(n / 10) + (n % 10) : n);

/** Modulus 10 over positions 1–9 of the 10-digit account, weights from the right; check at position 10. */
function mod10Check(d: number[], weights: number[], crossSumProducts: boolean): number {
  let sum = 0;
  for (let i = 8, w = 0; i >= 0; i--, w++) {
    const p = d[i]! * weights[w % weights.length]!;
    sum += crossSumProducts ? crossSum(p) : p;
  }
  return (10 - (sum % 10)) % 10;
}

/** Modulus 11 over positions 1–9, weights from the right; remainder 0 or 1 gives check digit 0. */
function mod11Check(d: number[], weights: number[]): number {
  let sum = 0;
  for (let i = 8, w = 0; i >= 0; i--, w++) sum += d[i]! * weights[w % weights.length]!;
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

/** Methods 13 and 63: positions 2–7, weights 1,2,1,2,1,2 with cross sums; check at position 8. */
function subAccountCheck(d: number[]): number {
  let sum = 0;
  for (let i = 1; i <= 6; i++) sum += crossSum(d[i]! * (i % 2 === 1 ? 1 : 2));
  return (10 - (sum % 10)) % 10;
}

/** The expected check digit for the 10-digit account under a position-10 method. */
function position10Check(method: CheckMethod, d: number[]): number | null {
  switch (method) {
    case '00':
    case 'A2':
    case '96':
      return mod10Check(d, [2, 1], true);
    case '01':
      return mod10Check(d, [3, 7, 1], false);
    case '05':
      return mod10Check(d, [7, 3, 1], false);
    case '06':
      return mod11Check(d, [2, 3, 4, 5, 6, 7]);
    case '10':
      return mod11Check(d, [2, 3, 4, 5, 6, 7, 8, 9, 10]);
    default:
      return null;
  }
}

/**
 * Whether an account number passes the method as the demo generates it. For A2 and 96 only the
 * method-00 variant is checked, so a false here does not prove such an account invalid.
 */
export function isValidAccount(method: CheckMethod, account: string): boolean {
  if (!/^\d{1,10}$/.test(account) || /^0+$/.test(account)) return false;
  const padded = account.padStart(10, '0');
  const d = digitsOf(padded);
  if (method === '09') return true;
  if (method === '13' || method === '63') {
    if (method === '63' && d[0] !== 0) return false;
    if (subAccountCheck(d) === d[7]) return true;
    // Without the two-digit sub-account the number is shifted two places to the right.
    if (padded.startsWith('00')) {
      const shifted = digitsOf(padded.slice(2) + '00');
      return subAccountCheck(shifted) === shifted[7];
    }
    return false;
  }
  return position10Check(method, d) === d[9];
}

/** A random 10-digit account number valid under the method (leading zeros kept). */
export function randomAccount(method: CheckMethod, random: Random): string {
  if (method === '13' || method === '63') {
    // 0 + six digits + check digit + sub-account 00, the usual private current account.
    const body = '0' + String(random.int(1, 9)) + random.digits(5);
    const d = digitsOf(body + '0000');
    return body + String(subAccountCheck(d)) + '00';
  }
  // Sparkassen and Volksbanken print 7 to 10 digits; the IBAN pads with zeros.
  const length = random.int(7, 10);
  const body = (String(random.int(1, 9)) + random.digits(length - 2)).padStart(9, '0');
  if (method === '09') return body + random.digits(1);
  return body + String(position10Check(method, digitsOf(body + '0'))!);
}

/** ISO 7064 MOD 97-10 of a string of digits, computed in chunks to stay within safe integers. */
function mod97(digits: string): number {
  let r = 0;
  for (let i = 0; i < digits.length; i += 7) r = Number(String(r) + digits.slice(i, i + 7)) % 97;
  return r;
}

/** Letters become 10 … 35 as ISO 13616 prescribes. */
function numeric(s: string): string {
  let out = '';
  for (const c of s) out += c >= 'A' && c <= 'Z' ? String(c.charCodeAt(0) - 55) : c;
  return out;
}

/** A German IBAN (22 characters, no spaces) for bank code and account number. */
export function germanIban(blz: string, account: string): string {
  if (!/^\d{8}$/.test(blz)) throw new RangeError(`a bank code has 8 digits: ${blz}`);
  if (!/^\d{1,10}$/.test(account)) throw new RangeError(`an account number has up to 10 digits: ${account}`);
  const bban = blz + account.padStart(10, '0');
  const check = 98 - mod97(bban + numeric('DE') + '00');
  return `DE${String(check).padStart(2, '0')}${bban}`;
}

/** The ISO 13616 check: length per country (DE: 22) and mod 97 = 1. Spaces are ignored. */
export function isValidIban(input: string): boolean {
  const iban = input.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  if (iban.startsWith('DE') && !/^DE\d{20}$/.test(iban)) return false;
  return mod97(numeric(iban.slice(4) + iban.slice(0, 4))) === 1;
}
