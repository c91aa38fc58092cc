import { describe, expect, it } from 'vitest';
import {
  argon2Parameters,
  hashPassword,
  needsRehash,
  passwordProblem,
  verifyPassword,
} from '@/server/modules/access/passwords';

describe('passwordProblem', () => {
  it.each([
    '123456789012',
    'Password',
    'qwertyuiop',
    'password1234',
    '!!iloveyou2024',
    'aaaaaaaaaaaa',
    '1234567890',
  ])('refuses the common or expected password %s', (password) => {
    expect(passwordProblem(password)).toBe('common');
  });

  it('refuses the account’s own e-mail address or name', () => {
    expect(passwordProblem('erika.muster@example.org', { email: 'erika.muster@example.org' })).toBe(
      'personal',
    );
    expect(passwordProblem('Erika Mustermann', { displayName: 'Erika Mustermann' })).toBe('personal');
  });

  it('accepts a long password without composition rules', () => {
    expect(passwordProblem('kornblumen wiese am see')).toBeNull();
    expect(
      passwordProblem('Lindenblüte-Sommer-42', { email: 'erika@example.org', displayName: 'Erika' }),
    ).toBeNull();
  });
});

describe('argon2id hashing', () => {
  it('uses RFC 9106’s second recommendation and verifies', async () => {
    const hash = await hashPassword('Lindenblüte-Sommer-42');
    expect(hash.startsWith(`$argon2id$v=19$m=${argon2Parameters.memoryCost},t=3,p=4$`)).toBe(true);
    expect(argon2Parameters.memoryCost).toBe(64 * 1024);
    expect(await verifyPassword(hash, 'Lindenblüte-Sommer-42')).toBe(true);
    expect(await verifyPassword(hash, 'Lindenblüte-Sommer-43')).toBe(false);
    expect(needsRehash(hash)).toBe(false);
    expect(needsRehash('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo')).toBe(true);
  });
});
