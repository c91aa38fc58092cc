import { createHash } from 'node:crypto';
import { prepared, type Database } from '@/server/db/database';
import { withAppRole, type ScopedTx } from '@/server/db/scoped';

/** Serialises audit inserts across all connections and instances so that the chain stays linear. */
export const AUDIT_LOCK_KEY = 7_345_010;
const APPEND_SQL =
  prepared(`SELECT seq, hash FROM audit_append($1, $2, $3, $4, $5::timestamptz, $6, $7, $8, $9,
  $10, $11, $12, $13::bigint[], $14, $15::jsonb, $16::jsonb, $17, $18)`);
/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
/** Lists returning more members than this store their count and a digest instead of the ids. */
export const AUDIT_MAX_SUBJECT_IDS = 1000;

/** What a module records. The actor comes from the scoped transaction unless given here. */
export interface AuditInput {
  /** `entity.verb`, e.g. member.read (see knownAuditActions in contracts/audit.ts). */
  action: string;
  entityType?: string | null;
  entityId?: string | number | null;
  /** The unit of the entity: the basis (which grants allowed the access) is taken from it. */
  unitId?: number | null;
  /** Members concerned: the one read or changed, the ones a list returned (see summariseIds). */
  subjectIds?: readonly number[] | null;
  purpose?: string | null;
  /** Before → after for writes, the query for lists. Never secrets, never values that were read. */
  details?: Record<string, unknown> | null;
  /** Override the actor (sign-in before a session exists, the CLI). */
  actor?: { userId: number | null; tokenId?: number | null; name?: string | null };
  /** The time; defaults to now. */
  at?: Date;
  requestId?: string | null;
  ip?: string | null;
}

/** One stored entry, in the shape that is hashed. */
export interface AuditRecord {
  seq: number;
  occurredAt: string;
  actorUserId: number | null;
  actorTokenId: number | null;
  actorName: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  unitId: number | null;
  subjectIds: number[] | null;
  purpose: string | null;
  basis: { role: string; unitCode: string }[] | null;
  details: Record<string, unknown> | null;
  requestId: string | null;
  ip: string | null;
}

/** JSON with keys sorted at every level and no white space: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (value === undefined) return 'null';
    return JSON.stringify(value);
  }
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hashed fields, in a fixed set: anything else on the object (prev_hash, hash) is left out. */
const hashedFields = [
  'seq',
  'occurredAt',
  'actorUserId',
  'actorTokenId',
  'actorName',
  'action',
  'entityType',
  'entityId',
  'unitId',
  'subjectIds',
  'purpose',
  'basis',
  'details',
  'requestId',
  'ip',
] as const satisfies readonly (keyof AuditRecord)[];

/** The hashed text of an entry: canonical JSON of the hashed fields. */
function hashedText(record: AuditRecord): string {
  return canonicalJson(Object.fromEntries(hashedFields.map((field) => [field, record[field]])));
}

/** hash = sha256(prev_hash || canonical_json(entry)), hex. */
export function entryHash(prevHash: string, record: AuditRecord): string {
  return createHash('sha256').update(prevHash).update(hashedText(record)).digest('hex');
}

/**
 * The hashed text of an entry in two parts, before and after the value of "seq", for the
 * database to join around the number it assigns (audit_append, migration 0019):
 * hashedText(record with seq n) = beforeSeq + n + afterSeq.
 */
export function splitAtSeq(record: AuditRecord): { beforeSeq: string; afterSeq: string } {
  const text = hashedText({ ...record, seq: 0 });
  // Keys are sorted, so "seq" is followed only by "subjectIds" and "unitId" (numbers and null):
  // the last occurrence is the entry's own, whatever the details hold.
  const marker = ',"seq":0,';
  const at = text.lastIndexOf(marker);
  return { beforeSeq: text.slice(0, at + marker.length - 2), afterSeq: text.slice(at + marker.length - 1) };
}

/**
 * For lists and searches: the ids themselves when there are few, otherwise their count and a
 * SHA-256 digest of the sorted ids (enough to prove later whether a given member was in the list).
 */
export function summariseIds(ids: readonly number[]): {
  subjectIds: number[] | null;
  count: number;
  digest: string;
} {
  const sorted = [...ids].sort((a, b) => a - b);
  const digest = createHash('sha256').update(sorted.join(',')).digest('hex');
  return { subjectIds: sorted.length <= AUDIT_MAX_SUBJECT_IDS ? sorted : null, count: sorted.length, digest };
}

/** Actions that record a read: their transactions may commit asynchronously (ADR 0034). */
export const readActions: ReadonlySet<string> = new Set([
  'member.read',
  'member.list',
  'member.search',
  'member.count',
  'member.duplicate_check',
  'member.transfer_list',
  'member.access_report',
  'statistics.read',
]);

/**
 * Appends one entry to the audit trail inside the caller's transaction, so that the entry and the
 * change it records commit together or not at all. Takes a transaction-scoped advisory lock (held
 * until commit), reads the head through the primary key and inserts: call it as the last statement
 * of a transaction to keep the lock short.
 */
export async function writeAudit(tx: ScopedTx, input: AuditInput): Promise<{ seq: number; hash: string }> {
  const actor = tx.actor;
  const unitId = input.unitId ?? null;
  const basis =
    actor && unitId !== null
      ? actor.grants.filter((g) => g.unitIds.has(unitId)).map((g) => ({ role: g.role, unitCode: g.unitCode }))
      : null;
  const details =
    input.details == null ? null : (JSON.parse(JSON.stringify(input.details)) as Record<string, unknown>);
  const at = input.at ?? new Date();

  const record: AuditRecord = {
    seq: 0, // set by the database once it holds the lock
    occurredAt: at.toISOString(),
    actorUserId: input.actor ? input.actor.userId : (actor?.userId ?? null),
    actorTokenId: input.actor ? (input.actor.tokenId ?? null) : (actor?.tokenId ?? null),
    actorName: input.actor ? (input.actor.name ?? null) : (actor?.email ?? null),
    action: input.action,
    entityType: input.entityType ?? null,
    entityId: input.entityId == null ? null : String(input.entityId),
    unitId,
    subjectIds: input.subjectIds ? [...input.subjectIds] : null,
    purpose: input.purpose ?? null,
    basis: basis && basis.length > 0 ? basis : null,
    details,
    requestId: input.requestId ?? actor?.request?.id ?? null,
    ip: input.ip ?? actor?.request?.ip ?? null,
  };
  const { beforeSeq, afterSeq } = splitAtSeq(record);
  // audit_append() (migration 0019) takes the lock, reads the head with a snapshot taken after the
  // lock is held, hashes prev_hash || beforeSeq || seq || afterSeq (entryHash's text) and inserts:
  // one statement. A transaction that only records a read (it has written nothing else, so it
  // holds no transaction id yet) commits without waiting for the disk: the next synchronous commit
  // of any transaction flushes it, and the chain cannot lose an entry in the middle (ADR 0034).
  const [row] = await tx.query<{ seq: string | number; hash: string }>(APPEND_SQL, [
    AUDIT_LOCK_KEY,
    readActions.has(input.action),
    beforeSeq,
    afterSeq,
    record.occurredAt,
    record.actorUserId,
    record.actorTokenId,
    record.actorName,
    record.action,
    record.entityType,
    record.entityId,
    record.unitId,
    record.subjectIds ? `{${record.subjectIds.join(',')}}` : null,
    record.purpose,
    record.basis ? JSON.stringify(record.basis) : null,
    record.details ? JSON.stringify(record.details) : null,
    record.requestId,
    record.ip,
  ]);
  return { seq: Number(row!.seq), hash: row!.hash };
}

/** Appends an entry in a transaction of its own (for events outside any other transaction). */
export function appendAudit(database: Database, input: AuditInput): Promise<{ seq: number; hash: string }> {
  return withAppRole(database, (tx) => writeAudit(tx, input));
}

/** Reads stored rows back into the hashed shape (used by verify and the audit browser). */
export function recordFromRow(
  row: Record<string, unknown>,
): AuditRecord & { prevHash: string; hash: string } {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const occurred = row.occurred_at instanceof Date ? row.occurred_at : new Date(String(row.occurred_at));
  const ids = row.subject_ids as unknown[] | string | null;
  return {
    seq: Number(row.seq),
    occurredAt: occurred.toISOString(),
    actorUserId: num(row.actor_user_id),
    actorTokenId: num(row.actor_token_id),
    actorName: (row.actor_name as string | null) ?? null,
    action: String(row.action),
    entityType: (row.entity_type as string | null) ?? null,
    entityId: (row.entity_id as string | null) ?? null,
    unitId: num(row.unit_id),
    subjectIds: ids == null ? null : parseIdArray(ids),
    purpose: (row.purpose as string | null) ?? null,
    basis: parseJson(row.basis) as AuditRecord['basis'],
    details: parseJson(row.details) as AuditRecord['details'],
    requestId: (row.request_id as string | null) ?? null,
    ip: (row.ip as string | null) ?? null,
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
}

function parseJson(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? JSON.parse(v) : v;
}

function parseIdArray(v: unknown[] | string): number[] {
  if (Array.isArray(v)) return v.map(Number);
  const inner = v.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',').map(Number);
}
