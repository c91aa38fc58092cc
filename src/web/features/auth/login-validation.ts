import type { MessageKey } from '@/web/components/i18n/translate';

// Deliberately forgiving: the server decides whether an account exists; this only catches typos.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*\.[^\s@.]{2,}$/;

/** Returns the message key that says what is wrong, or null when the value is fine. */
export function validateEmail(value: string): MessageKey | null {
  const email = value.trim();
  if (!email) return 'login.emailRequired';
  if (!EMAIL.test(email)) return 'login.emailInvalid';
  return null;
}

export function validatePassword(value: string): MessageKey | null {
  return value ? null : 'login.passwordRequired';
}

/** Authenticator apps show 6 digits, often grouped "123 456"; spaces are ignored. */
export function normaliseTotp(value: string): string {
  return value.replace(/\s+/g, '');
}

export function validateTotp(value: string): MessageKey | null {
  const code = normaliseTotp(value);
  if (!code) return 'login.totpRequired';
  if (!/^\d{6}$/.test(code)) return 'login.totpInvalid';
  return null;
}

/** Recovery codes look like `abcd-efgh-jk`; case, spaces and dashes do not matter. */
export function validateRecoveryCode(value: string): MessageKey | null {
  const code = value.trim().toLowerCase().replace(/[\s-]/g, '');
  if (!code) return 'account.recoveryRequired';
  if (!/^[a-z0-9]{10}$/.test(code)) return 'account.recoveryInvalid';
  return null;
}
