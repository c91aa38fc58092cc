import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** SHA-256 hex: how session tokens, API tokens and one-time links are stored. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * The key that encrypts TOTP secrets at rest: derived from SESSION_SECRET when set (several
 * instances share it), else read from (or created in) DATA_DIR/secret.key, else random for this
 * process (in-memory databases only).
 */
export function loadSecretKey(options: {
  sessionSecret?: string | undefined;
  dataDir?: string | undefined;
}): Buffer {
  if (options.sessionSecret)
    return createHash('sha256').update(`servicestelle:${options.sessionSecret}`).digest();
  if (!options.dataDir) return randomBytes(32);
  const file = path.join(options.dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}

/** AES-256-GCM; the output is `v1.<iv>.<tag>.<ciphertext>` in base64url. */
export function encryptSecret(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/**
 * Secrets that are public anyway (the documented demo accounts' TOTP secrets) are stored as
 * `plain.<secret>`: they need no key, so the demo works whatever SESSION_SECRET or DATA_DIR is.
 */
export function plainSecret(secret: string): string {
  return `plain.${secret}`;
}

export function decryptSecret(key: Buffer, sealed: string): string {
  if (sealed.startsWith('plain.')) return sealed.slice('plain.'.length);
  const [version, iv, tag, data] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('unknown secret format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
