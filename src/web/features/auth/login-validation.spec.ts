import { describe, expect, it } from 'vitest';
import {
  normaliseTotp,
  validateEmail,
  validatePassword,
  validateTotp,
} from '@/web/features/auth/login-validation';

describe('login validation', () => {
  it('asks for a missing e-mail address', () => {
    expect(validateEmail('')).toBe('login.emailRequired');
    expect(validateEmail('   ')).toBe('login.emailRequired');
  });

  it('rejects what cannot be an e-mail address', () => {
    for (const value of [
      'max',
      'max@',
      '@beispiel.de',
      'max@beispiel',
      'max@beispiel.d',
      'max mustermann@beispiel.de',
      'max@@beispiel.de',
    ]) {
      expect(validateEmail(value), value).toBe('login.emailInvalid');
    }
  });

  it('accepts ordinary addresses, with surrounding spaces trimmed', () => {
    for (const value of ['max@beispiel.de', ' erika.musterfrau@lv-hessen.musterpartei.de ', 'a+b@x.org']) {
      expect(validateEmail(value), value).toBeNull();
    }
  });

  it('needs a password but does not judge it', () => {
    expect(validatePassword('')).toBe('login.passwordRequired');
    expect(validatePassword(' ')).toBeNull();
  });

  it('wants exactly six digits for the code, spaces allowed', () => {
    expect(validateTotp('')).toBe('login.totpRequired');
    expect(validateTotp('12345')).toBe('login.totpInvalid');
    expect(validateTotp('1234567')).toBe('login.totpInvalid');
    expect(validateTotp('12a456')).toBe('login.totpInvalid');
    expect(validateTotp('123 456')).toBeNull();
    expect(normaliseTotp(' 123 456 ')).toBe('123456');
  });
});
