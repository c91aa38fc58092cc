import { describe, expect, it } from 'vitest';
import {
  emailSchema,
  isValidEmail,
  isValidPostcode,
  normaliseEmail,
  normalisePhone,
  phoneSchema,
} from '@/contracts/contact';

describe('normalisePhone', () => {
  it('reads German numbers without country code as German', () => {
    expect(normalisePhone('0661 12345')).toBe('+4966112345');
    expect(normalisePhone('0171 1234567')).toBe('+491711234567');
    expect(normalisePhone('0661/12345-0')).toBe('+49661123450');
  });

  it('understands +49, 0049 and the (0) people write after it', () => {
    expect(normalisePhone('+49 (0)661 12345')).toBe('+4966112345');
    expect(normalisePhone('0049 171 1234567')).toBe('+491711234567');
  });

  it('keeps foreign numbers foreign', () => {
    expect(normalisePhone('+43 1 234567')).toBe('+431234567');
  });

  it('refuses what is no phone number', () => {
    expect(normalisePhone('12')).toBeNull();
    expect(normalisePhone('abc')).toBeNull();
    expect(phoneSchema.safeParse('abc').success).toBe(false);
    expect(phoneSchema.parse('0661 12345')).toBe('+4966112345');
  });
});

describe('e-mail', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Anna.Mueller@Example.ORG ')).toBe('anna.mueller@example.org');
    expect(emailSchema.parse('Anna@Example.org')).toBe('anna@example.org');
  });

  it('refuses addresses without domain or with spaces', () => {
    expect(isValidEmail('anna@example')).toBe(false);
    expect(isValidEmail('anna example@x.de')).toBe(false);
    expect(isValidEmail('anna@example.de')).toBe(true);
  });
});

describe('isValidPostcode', () => {
  it('accepts five German digits and refuses the rest', () => {
    expect(isValidPostcode('36037')).toBe(true);
    expect(isValidPostcode('01067')).toBe(true);
    expect(isValidPostcode('00123')).toBe(false);
    expect(isValidPostcode('3603')).toBe(false);
    expect(isValidPostcode('36037a')).toBe(false);
  });

  it('is lenient for other countries', () => {
    expect(isValidPostcode('1010', 'AT')).toBe(true);
    expect(isValidPostcode('SW1A 1AA', 'GB')).toBe(true);
  });
});
