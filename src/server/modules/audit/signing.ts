import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The Ed25519 key that signs audit checkpoints. It lives in a file outside the database
 * (AUDIT_SIGNING_KEY_FILE, default DATA_DIR/audit-signing-key.pem): whoever can rewrite the
 * database cannot forge a checkpoint without it.
 */
export interface SigningKey {
  /** First 16 hex digits of the SHA-256 of the public key (DER). */
  keyId: string;
  publicKey: KeyObject;
  privateKey: KeyObject | null;
}

function fromPublic(publicKey: KeyObject, privateKey: KeyObject | null): SigningKey {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return { keyId: createHash('sha256').update(der).digest('hex').slice(0, 16), publicKey, privateKey };
}

/** Reads the key file (private or public PEM); creates a private key when asked and it is missing. */
export function loadSigningKey(file: string, options: { create?: boolean } = {}): SigningKey {
  if (!existsSync(file)) {
    if (!options.create) throw new Error(`the audit signing key ${file} does not exist`);
    mkdirSync(path.dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  const pem = readFileSync(file, 'utf8');
  if (pem.includes('PRIVATE KEY')) {
    const privateKey = createPrivateKey(pem);
    return fromPublic(createPublicKey(privateKey), privateKey);
  }
  return fromPublic(createPublicKey(pem), null);
}

/** A key for this process only (in-memory databases in tests and trials). */
export function ephemeralSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return fromPublic(publicKey, privateKey);
}

/** The public half as PEM, for verifying on another machine (`audit verify --public-key`). */
export function publicKeyPem(key: SigningKey): string {
  return String(key.publicKey.export({ type: 'spki', format: 'pem' }));
}

export function checkpointMessage(c: {
  entryCount: number;
  headHash: string;
  createdAt: string;
  keyId: string;
}): Buffer {
  return Buffer.from(
    `servicestelle-audit-checkpoint:v1:${c.keyId}:${c.entryCount}:${c.headHash}:${c.createdAt}`,
  );
}

export function signCheckpoint(
  key: SigningKey,
  c: { entryCount: number; headHash: string; createdAt: string },
): string {
  if (!key.privateKey) throw new Error('the audit signing key file holds only a public key');
  return sign(null, checkpointMessage({ ...c, keyId: key.keyId }), key.privateKey).toString('base64');
}

export function checkpointSignatureValid(
  key: SigningKey,
  c: { entryCount: number; headHash: string; createdAt: string; keyId: string; signature: string },
): boolean {
  if (c.keyId !== key.keyId) return false;
  return verify(null, checkpointMessage(c), key.publicKey, Buffer.from(c.signature, 'base64'));
}
