import { readFileSync } from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import { projectPath } from '@/server/platform/paths';

/**
 * Argon2id with RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes). Stored hashes
 * carry their parameters; a hash made with others is replaced at the next successful sign-in.
 */
export const argon2Parameters = { memoryCost: 65_536, timeCost: 3, parallelism: 4 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { ...argon2Parameters, algorithm: 2 /* Algorithm.Argon2id (a const enum) */ });
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/** True when the stored hash is not Argon2id with the current parameters. */
export function needsRehash(storedHash: string): boolean {
  const { memoryCost: m, timeCost: t, parallelism: p } = argon2Parameters;
  return !storedHash.startsWith(`$argon2id$v=19$m=${m},t=${t},p=${p}$`);
}

/** A valid hash of a random password: verified against when the account does not exist, so timing tells nothing. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  return (dummyHash ??= hashPassword(`no account ${Math.random()}`));
}

let commonPasswords: Set<string> | undefined;

/** The shipped list of the 10,000 most common passwords (reference-data/passwords, MIT). */
function loadCommonPasswords(): Set<string> {
  if (!commonPasswords) {
    const text = readFileSync(projectPath('reference-data', 'passwords', 'common-passwords.txt'), 'utf8');
    commonPasswords = new Set(
      text
        .split('\n')
        .map((line) => line.trim().toLowerCase())
        .filter(Boolean),
    );
  }
  return commonPasswords;
}

/**
 * Why a new password is refused, or null when it is fine. No composition rules (NIST SP 800-63B):
 * long enough, not on the list of common passwords, not the account's own e-mail address or name.
 */
export function passwordProblem(
  password: string,
  account: { email?: string; displayName?: string } = {},
): 'common' | 'personal' | null {
  const lower = password.trim().toLowerCase();
  const common = loadCommonPasswords();
  if (common.has(lower)) return 'common';
  // A listed password with digits or symbols around it ("password1234", "!qwertz2024") is expected too.
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (core.length >= 4 && core.length < lower.length && common.has(core)) return 'common';
  // A password made of one character or a simple run is as weak as a listed one.
  if (
    /^(.)\1+$/.test(lower) ||
    '01234567890123456789'.includes(lower) ||
    'abcdefghijklmnopqrstuvwxyz'.includes(lower)
  ) {
    return 'common';
  }
  const personal = [account.email, account.email?.split('@')[0], account.displayName]
    .filter((v): v is string => Boolean(v && v.length >= 4))
    .map((v) => v.toLowerCase());
  if (
    personal.some(
      (v) => lower === v || lower.replace(/[^a-z0-9äöüß]/g, '') === v.replace(/[^a-z0-9äöüß]/g, ''),
    )
  ) {
    return 'personal';
  }
  return null;
}
