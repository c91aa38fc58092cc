import type { Sql } from '@/server/db/scoped';

export const auditColumns = `seq, occurred_at, actor_user_id, actor_token_id, actor_name, action, entity_type, entity_id,
  unit_id, subject_ids::text AS subject_ids, purpose, basis, details, request_id, ip, prev_hash, hash`;

/** Entries in order of seq, from `afterSeq` on (keyset paging for verification). */
export function entriesAfter(db: Sql, afterSeq: number, limit: number): Promise<Record<string, unknown>[]> {
  return db.query(`SELECT ${auditColumns} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [
    afterSeq,
    limit,
  ]);
}

export async function head(db: Sql): Promise<{ seq: number; hash: string } | undefined> {
  const rows = await db.query<{ seq: string; hash: string }>(
    'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
  );
  return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : undefined;
}

export async function entryAt(db: Sql, seq: number): Promise<{ hash: string } | undefined> {
  const rows = await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = $1', [seq]);
  return rows[0];
}

export interface CheckpointRow {
  id: number;
  createdAt: Date;
  entryCount: number;
  headHash: string;
  keyId: string;
  signature: string;
}

export async function checkpoints(db: Sql): Promise<CheckpointRow[]> {
  const rows = await db.query(
    'SELECT id, created_at, entry_count, head_hash, key_id, signature FROM audit_checkpoints ORDER BY id',
  );
  return rows.map((r) => ({
    id: Number(r.id),
    createdAt: r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at)),
    entryCount: Number(r.entry_count),
    headHash: String(r.head_hash),
    keyId: String(r.key_id),
    signature: String(r.signature),
  }));
}

export async function lastCheckpointCount(db: Sql): Promise<number> {
  const rows = await db.query<{ n: string | null }>('SELECT max(entry_count) AS n FROM audit_checkpoints');
  return Number(rows[0]?.n ?? 0);
}

export async function insertCheckpoint(
  db: Sql,
  c: { createdAt: string; entryCount: number; headHash: string; keyId: string; signature: string },
): Promise<void> {
  await db.query(
    'INSERT INTO audit_checkpoints (created_at, entry_count, head_hash, key_id, signature) VALUES ($1, $2, $3, $4, $5)',
    [c.createdAt, c.entryCount, c.headHash, c.keyId, c.signature],
  );
}

export interface AuditFilter {
  unitIds: number[] | null;
  includeWithoutUnit: boolean;
  action?: string;
  actor?: number;
  entityType?: string;
  entityId?: string;
  member?: number;
  from?: string;
  to?: string;
  before?: number;
  limit: number;
}

/** Newest first. `unitIds` null: every unit. */
export function findEntries(db: Sql, f: AuditFilter): Promise<Record<string, unknown>[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (f.unitIds !== null) {
    params.push(`{${f.unitIds.join(',')}}`);
    where.push(
      `(unit_id = ANY ($${params.length}::int[])${f.includeWithoutUnit ? ' OR unit_id IS NULL' : ''})`,
    );
  }
  if (f.action) {
    if (f.action.endsWith('.')) add((p) => `starts_with(action, ${p})`, f.action);
    else add((p) => `action = ${p}`, f.action);
  }
  if (f.actor !== undefined) add((p) => `actor_user_id = ${p}`, f.actor);
  if (f.entityType) add((p) => `entity_type = ${p}`, f.entityType);
  if (f.entityId) add((p) => `entity_id = ${p}`, f.entityId);
  if (f.member !== undefined) add((p) => `subject_ids @> ARRAY[${p}::bigint]`, f.member);
  if (f.from) add((p) => `occurred_at >= ${p}::timestamptz`, f.from);
  if (f.to) add((p) => `occurred_at < ${p}::timestamptz`, f.to);
  if (f.before !== undefined) add((p) => `seq < ${p}`, f.before);
  params.push(f.limit);
  return db.query(
    `SELECT ${auditColumns} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY seq DESC LIMIT $${params.length}`,
    params,
  );
}

/** Every entry that concerns one member: read, changed, listed (by id), exported, reported. */
export function entriesForMember(db: Sql, memberId: number): Promise<Record<string, unknown>[]> {
  return db.query(
    `SELECT ${auditColumns} FROM audit_log
     WHERE subject_ids @> ARRAY[$1::bigint] OR (entity_type = 'member' AND entity_id = $1::text)
     ORDER BY seq`,
    [memberId],
  );
}

export interface ReportMember {
  id: number;
  memberNumber: string | null;
  salutation: string | null;
  title: string | null;
  firstName: string;
  lastName: string;
  street: string | null;
  houseNumber: string | null;
  addressExtra: string | null;
  postcode: string | null;
  city: string | null;
  unitId: number;
}

/**
 * Name and postal address of one member, for the access report letter. Runs inside withScope, so
 * row-level security limits it to the units the (derived) actor may read.
 * The members module owns this table; when it offers a service function for the postal address,
 * this query moves there.
 */
export async function findMemberAddress(db: Sql, memberId: number): Promise<ReportMember | undefined> {
  const rows = await db.query(
    `SELECT id, member_number, salutation, title, first_name, last_name, street, house_number, address_extra,
            postcode, city, unit_id
     FROM members WHERE id = $1`,
    [memberId],
  );
  const r = rows[0];
  if (!r) return undefined;
  const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: Number(r.id),
    memberNumber: s(r.member_number),
    salutation: s(r.salutation),
    title: s(r.title),
    firstName: String(r.first_name),
    lastName: String(r.last_name),
    street: s(r.street),
    houseNumber: s(r.house_number),
    addressExtra: s(r.address_extra),
    postcode: s(r.postcode),
    city: s(r.city),
    unitId: Number(r.unit_id),
  };
}
