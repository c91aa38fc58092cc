import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';

/**
 * Contact data as the member file stores it: phones in E.164 (German numbers without country
 * code are read as German), e-mail addresses trimmed and in lower case, German postcodes as five
 * digits. Server, web forms and CLI share these so that a form says "wrong" exactly when the
 * server would.
 */

/** E.164 for a phone number as people write it ("0661 12345", "+49 (0)661 12345"); null if it is none. */
export function normalisePhone(input: string, defaultCountry: string = 'DE'): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry.toUpperCase() as CountryCode);
  if (!parsed || !parsed.isPossible()) return null;
  return parsed.number;
}

/** Trimmed and in lower case: domains are case-insensitive and nobody relies on a case-sensitive local part. */
export function normaliseEmail(input: string): string {
  return input.trim().toLowerCase();
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function isValidEmail(input: string): boolean {
  const e = normaliseEmail(input);
  return e.length <= 254 && EMAIL_PATTERN.test(e);
}

/** German postcodes: five digits, 01001–99998 (00xxx does not exist). */
export function isValidPostcode(postcode: string, country: string = 'DE'): boolean {
  if (country.toUpperCase() !== 'DE') return /^[A-Za-z0-9 -]{2,10}$/.test(postcode.trim());
  return /^(?!00)\d{5}$/.test(postcode.trim());
}

export const emailSchema = z
  .string()
  .max(254)
  .transform(normaliseEmail)
  .refine(isValidEmail, { message: 'This is not an e-mail address (example: name@example.org).' });

/** Accepts a phone number as written and hands on its E.164 form. */
export const phoneSchema = z
  .string()
  .max(40)
  .transform((value, ctx) => {
    const e164 = normalisePhone(value);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: 'This is not a phone number (example: 0661 12345).' });
      return z.NEVER;
    }
    return e164;
  });

export const countryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, 'A country is given as its two-letter ISO code, e.g. DE');
