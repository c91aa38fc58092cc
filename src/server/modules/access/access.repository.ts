import type { RoleKey } from '@/contracts/access';
import type { UnitLevel } from '@/contracts/units';

import { prepared } from '@/server/db/database';
import type { Sql } from '@/server/db/scoped';

export type { Sql };

const iso = (d: Date) => d.toISOString();
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));

// ---------------------------------------------------------------------------------------------
// Units (read only; the org-units module owns them). The subtree of a unit is a prefix match on
// its materialised path.

export interface UnitRef {
  id: number;
  code: string;
  name: string;
  level: UnitLevel;
  path: string;
}

export async function findUnitRefByCode(db: Sql, code: string): Promise<UnitRef | undefined> {
  const rows = await db.query<UnitRef>('SELECT id, code, name, level, path FROM units WHERE code = $1', [
    code,
  ]);
  return rows[0];
}

export async function findUnitRefById(db: Sql, id: number): Promise<UnitRef | undefined> {
  const rows = await db.query<UnitRef>('SELECT id, code, name, level, path FROM units WHERE id = $1', [id]);
  return rows[0];
}

export async function findRootUnit(db: Sql): Promise<UnitRef | undefined> {
  const rows = await db.query<UnitRef>(
    'SELECT id, code, name, level, path FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1',
  );
  return rows[0];
}

/**
 * The first unit of an empty installation that does not load the demo, so that the first
 * administrator has a unit to belong to. The org-units module owns the table; it has no
 * function for this yet.
 */
export async function insertRootUnit(db: Sql, unit: { code: string; name: string }): Promise<UnitRef> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO units (code, name, level, parent_id, path) VALUES ($1, $2, 'state', NULL, '') RETURNING id`,
    [unit.code, unit.name],
  );
  const id = Number(rows[0]!.id);
  await db.query('UPDATE units SET path = $1 WHERE id = $2', [`/${id}/`, id]);
  return { id, code: unit.code, name: unit.name, level: 'state', path: `/${id}/` };
}

// ---------------------------------------------------------------------------------------------
// Users

export interface UserRow {
  id: number;
  email: string;
  displayName: string;
  kind: 'person' | 'service';
  unitId: number;
  unitCode: string;
  passwordHash: string | null;
  totpSecret: string | null;
  totpPendingSecret: string | null;
  totpLastStep: number | null;
  active: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
}

const userSelect = `SELECT u.id, u.email, u.display_name, u.kind, u.unit_id, un.code AS unit_code, u.password_hash,
  u.totp_secret, u.totp_pending_secret, u.totp_last_step, u.active, u.last_login_at, u.created_at
  FROM users u JOIN units un ON un.id = u.unit_id`;

function toUser(r: Record<string, unknown>): UserRow {
  return {
    id: Number(r.id),
    email: String(r.email),
    displayName: String(r.display_name),
    kind: r.kind as UserRow['kind'],
    unitId: Number(r.unit_id),
    unitCode: String(r.unit_code),
    passwordHash: (r.password_hash as string | null) ?? null,
    totpSecret: (r.totp_secret as string | null) ?? null,
    totpPendingSecret: (r.totp_pending_secret as string | null) ?? null,
    totpLastStep: r.totp_last_step == null ? null : Number(r.totp_last_step),
    active: Boolean(r.active),
    lastLoginAt: dateOrNull(r.last_login_at),
    createdAt: date(r.created_at),
  };
}

export async function findUserByEmail(db: Sql, email: string): Promise<UserRow | undefined> {
  const rows = await db.query(`${userSelect} WHERE u.email = $1`, [email]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

export async function findUserById(db: Sql, id: number): Promise<UserRow | undefined> {
  const rows = await db.query(`${userSelect} WHERE u.id = $1`, [id]);
  return rows[0] ? toUser(rows[0]) : undefined;
}

/** Accounts whose unit lies in one of the given units (already subtree-expanded). */
export async function findUsers(
  db: Sql,
  filter: { unitIds: number[]; q?: string; active?: boolean },
): Promise<UserRow[]> {
  const params: unknown[] = [`{${filter.unitIds.join(',')}}`];
  let where = 'u.unit_id = ANY ($1::int[])';
  if (filter.q) {
    params.push(`%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where += ` AND (u.email LIKE $${params.length} OR lower(u.display_name) LIKE $${params.length})`;
  }
  if (filter.active !== undefined) {
    params.push(filter.active);
    where += ` AND u.active = $${params.length}`;
  }
  const rows = await db.query(
    `${userSelect} WHERE ${where} ORDER BY u.display_name, u.id LIMIT 1000`,
    params,
  );
  return rows.map(toUser);
}

export async function countUsers(db: Sql): Promise<number> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  return rows[0]?.n ?? 0;
}

export async function insertUser(
  db: Sql,
  user: {
    email: string;
    displayName: string;
    kind: 'person' | 'service';
    unitId: number;
    passwordHash: string | null;
    at: Date;
  },
): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO users (email, display_name, kind, unit_id, password_hash, password_changed_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $5::text IS NULL THEN NULL ELSE $6::timestamptz END, $6, $6) RETURNING id`,
    [user.email, user.displayName, user.kind, user.unitId, user.passwordHash, iso(user.at)],
  );
  return Number(rows[0]!.id);
}

export async function updateUser(
  db: Sql,
  id: number,
  changes: Partial<{
    email: string;
    displayName: string;
    active: boolean;
    passwordHash: string;
    totpSecret: string | null;
    totpPendingSecret: string | null;
    totpLastStep: number | null;
    lastLoginAt: Date;
  }>,
  at: Date,
): Promise<void> {
  const columns: Record<string, string> = {
    email: 'email',
    displayName: 'display_name',
    active: 'active',
    passwordHash: 'password_hash',
    totpSecret: 'totp_secret',
    totpPendingSecret: 'totp_pending_secret',
    totpLastStep: 'totp_last_step',
    lastLoginAt: 'last_login_at',
  };
  const sets: string[] = [];
  const params: unknown[] = [id, iso(at)];
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    params.push(value instanceof Date ? iso(value) : value);
    sets.push(`${columns[key]} = $${params.length}`);
    if (key === 'passwordHash') sets.push('password_changed_at = $2');
  }
  if (sets.length === 0) return;
  await db.query(`UPDATE users SET ${sets.join(', ')}, updated_at = $2 WHERE id = $1`, params);
}

/** Accepts a TOTP time step only if it is newer than the last accepted one (no replay). */
export async function claimTotpStep(db: Sql, userId: number, step: number): Promise<boolean> {
  const rows = await db.query(
    `UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id`,
    [userId, step],
  );
  return rows.length === 1;
}

// ---------------------------------------------------------------------------------------------
// Grants

export interface GrantRow {
  id: number;
  userId: number;
  role: RoleKey;
  unitId: number;
  unitCode: string;
  unitName: string;
  unitLevel: UnitLevel;
  createdAt: Date;
  /** The unit and its whole subtree. */
  unitIds: number[];
}

/** The grants of some accounts, each with the ids of its unit's subtree. */
/** Grants with each grant's subtree, for the users that `userCondition` (on g.user_id) selects. */
const grantsSelect = (userCondition: string) => `SELECT g.id, g.user_id, g.role, g.unit_id, g.created_at,
            r.code, r.name, r.level, array_agg(s.id ORDER BY s.id)::text AS unit_ids
     FROM grants g
     JOIN units r ON r.id = g.unit_id
     JOIN units s ON starts_with(s.path, r.path)
     WHERE ${userCondition}
     GROUP BY g.id, r.id
     ORDER BY g.user_id, r.path, g.role`;

function toGrant(r: Record<string, unknown>): GrantRow {
  return {
    id: Number(r.id),
    userId: Number(r.user_id),
    role: r.role as RoleKey,
    unitId: Number(r.unit_id),
    unitCode: String(r.code),
    unitName: String(r.name),
    unitLevel: r.level as UnitLevel,
    createdAt: date(r.created_at),
    unitIds: String(r.unit_ids).replace(/[{}]/g, '').split(',').filter(Boolean).map(Number),
  };
}

export async function findGrants(db: Sql, userIds: number[]): Promise<GrantRow[]> {
  if (userIds.length === 0) return [];
  const rows = await db.query(grantsSelect('g.user_id = ANY ($1::int[])'), [`{${userIds.join(',')}}`]);
  return rows.map(toGrant);
}

/**
 * A sign-in credential (session or API token) by the hash of its secret, with its account and the
 * account's grants: one statement, because every authenticated request asks (bench finding F8).
 */
async function findCredentialAccount<T>(
  db: Sql,
  credential: 'session' | 'token',
  tokenHash: string,
  toCredential: (r: Record<string, unknown>) => T,
): Promise<{ credential: T; user: UserRow | undefined; grants: GrantRow[] } | undefined> {
  const rows = await db.query<{
    credential: Record<string, unknown>;
    account: Record<string, unknown> | null;
    grants: Record<string, unknown>[];
  }>(credentialAccountSql[credential], [tokenHash]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    credential: toCredential(row.credential),
    user: row.account ? toUser(row.account) : undefined,
    grants: row.grants.map(toGrant),
  };
}

export async function insertGrant(
  db: Sql,
  grant: { userId: number; role: RoleKey; unitId: number; createdBy: number | null; at: Date },
): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO grants (user_id, role, unit_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT ON CONSTRAINT grants_user_role_unit_unique DO UPDATE SET role = EXCLUDED.role
     RETURNING id`,
    [grant.userId, grant.role, grant.unitId, grant.createdBy, iso(grant.at)],
  );
  return Number(rows[0]!.id);
}

export async function deleteGrant(db: Sql, userId: number, grantId: number): Promise<boolean> {
  const rows = await db.query('DELETE FROM grants WHERE id = $1 AND user_id = $2 RETURNING id', [
    grantId,
    userId,
  ]);
  return rows.length === 1;
}

// ---------------------------------------------------------------------------------------------
// Sessions

export interface SessionRow {
  id: number;
  userId: number;
  stage: 'totp' | 'full';
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
  endedAt: Date | null;
}

function toSession(r: Record<string, unknown>): SessionRow {
  return {
    id: Number(r.id),
    userId: Number(r.user_id),
    stage: r.stage as SessionRow['stage'],
    csrfToken: String(r.csrf_token),
    createdAt: date(r.created_at),
    lastSeenAt: date(r.last_seen_at),
    ip: (r.ip as string | null) ?? null,
    userAgent: (r.user_agent as string | null) ?? null,
    endedAt: dateOrNull(r.ended_at),
  };
}

export async function insertSession(
  db: Sql,
  s: {
    tokenHash: string;
    userId: number;
    stage: 'totp' | 'full';
    csrfToken: string;
    at: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<number> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO sessions (token_hash, user_id, stage, csrf_token, created_at, last_seen_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, $5, $5, $6, $7) RETURNING id`,
    [s.tokenHash, s.userId, s.stage, s.csrfToken, iso(s.at), s.ip, s.userAgent?.slice(0, 300) ?? null],
  );
  return Number(rows[0]!.id);
}

const sessionColumns = 'id, user_id, stage, csrf_token, created_at, last_seen_at, ip, user_agent, ended_at';

export async function findOpenSessions(db: Sql, userId: number): Promise<SessionRow[]> {
  const rows = await db.query(
    `SELECT id, user_id, stage, csrf_token, created_at, last_seen_at, ip, user_agent, ended_at
     FROM sessions WHERE user_id = $1 AND ended_at IS NULL AND stage = 'full' ORDER BY last_seen_at DESC`,
    [userId],
  );
  return rows.map(toSession);
}

export async function touchSession(db: Sql, id: number, at: Date): Promise<void> {
  await db.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1', [id, iso(at)]);
}

export async function endSession(db: Sql, id: number, reason: string, at: Date): Promise<void> {
  await db.query('UPDATE sessions SET ended_at = $2, end_reason = $3 WHERE id = $1 AND ended_at IS NULL', [
    id,
    iso(at),
    reason,
  ]);
}

/** Ends every open session of an account (optionally but one); returns how many. */
export async function endSessionsOfUser(
  db: Sql,
  userId: number,
  reason: string,
  at: Date,
  exceptId?: number,
): Promise<number> {
  const rows = await db.query(
    `UPDATE sessions SET ended_at = $2, end_reason = $3
     WHERE user_id = $1 AND ended_at IS NULL AND ($4::bigint IS NULL OR id <> $4) RETURNING id`,
    [userId, iso(at), reason, exceptId ?? null],
  );
  return rows.length;
}

// ---------------------------------------------------------------------------------------------
// API tokens

export interface TokenRow {
  id: number;
  userId: number;
  name: string;
  prefix: string;
  permissions: string[];
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function toToken(r: Record<string, unknown>): TokenRow {
  const perms = r.permissions as string[] | string;
  return {
    id: Number(r.id),
    userId: Number(r.user_id),
    name: String(r.name),
    prefix: String(r.prefix),
    permissions: Array.isArray(perms) ? perms : perms.replace(/[{}]/g, '').split(',').filter(Boolean),
    createdAt: date(r.created_at),
    expiresAt: date(r.expires_at),
    lastUsedAt: dateOrNull(r.last_used_at),
    revokedAt: dateOrNull(r.revoked_at),
  };
}

const tokenColumns =
  'id, user_id, name, prefix, permissions, created_at, expires_at, last_used_at, revoked_at';

export async function insertToken(
  db: Sql,
  t: {
    userId: number;
    name: string;
    tokenHash: string;
    prefix: string;
    permissions: string[];
    createdBy: number | null;
    at: Date;
    expiresAt: Date;
  },
): Promise<TokenRow> {
  const rows = await db.query(
    `INSERT INTO api_tokens (user_id, name, token_hash, prefix, permissions, created_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8) RETURNING ${tokenColumns}`,
    [
      t.userId,
      t.name,
      t.tokenHash,
      t.prefix,
      `{${t.permissions.join(',')}}`,
      t.createdBy,
      iso(t.at),
      iso(t.expiresAt),
    ],
  );
  return toToken(rows[0]!);
}

export async function findTokensOfUser(db: Sql, userId: number): Promise<TokenRow[]> {
  const rows = await db.query(`SELECT ${tokenColumns} FROM api_tokens WHERE user_id = $1 ORDER BY id DESC`, [
    userId,
  ]);
  return rows.map(toToken);
}

export async function touchToken(db: Sql, id: number, at: Date): Promise<void> {
  await db.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [id, iso(at)]);
}

export async function revokeToken(db: Sql, userId: number, tokenId: number, at: Date): Promise<boolean> {
  const rows = await db.query(
    'UPDATE api_tokens SET revoked_at = coalesce(revoked_at, $3) WHERE id = $1 AND user_id = $2 RETURNING id',
    [tokenId, userId, iso(at)],
  );
  return rows.length === 1;
}

// ---------------------------------------------------------------------------------------------
// Login attempts (throttling)

export async function insertLoginAttempt(
  db: Sql,
  a: { email: string; ip: string | null; success: boolean; at: Date },
): Promise<void> {
  await db.query('INSERT INTO login_attempts (email, ip, success, at) VALUES ($1, $2, $3, $4)', [
    a.email,
    a.ip,
    a.success,
    iso(a.at),
  ]);
}

/**
 * The times of an account's failed attempts since `since` that came after its last success,
 * newest first (at most `limit`).
 */
export async function recentFailuresForEmail(
  db: Sql,
  email: string,
  since: Date,
  limit: number,
): Promise<Date[]> {
  const rows = await db.query<{ at: unknown }>(
    `SELECT at FROM login_attempts
     WHERE email = $1 AND NOT success AND at > $2
       AND at > coalesce((SELECT max(at) FROM login_attempts WHERE email = $1 AND success), '-infinity')
     ORDER BY at DESC LIMIT $3`,
    [email, iso(since), limit],
  );
  return rows.map((r) => date(r.at));
}

export async function recentFailuresForIp(db: Sql, ip: string, since: Date, limit: number): Promise<Date[]> {
  const rows = await db.query<{ at: unknown }>(
    'SELECT at FROM login_attempts WHERE ip = $1 AND NOT success AND at > $2 ORDER BY at DESC LIMIT $3',
    [ip, iso(since), limit],
  );
  return rows.map((r) => date(r.at));
}

/** Attempts older than the throttling window carry no information any more. */
export async function deleteLoginAttemptsBefore(db: Sql, before: Date): Promise<void> {
  await db.query('DELETE FROM login_attempts WHERE at < $1', [iso(before)]);
}

// ---------------------------------------------------------------------------------------------
// One-time links and recovery codes

export async function insertAccountToken(
  db: Sql,
  t: { userId: number; purpose: 'setup' | 'password_reset'; tokenHash: string; at: Date; expiresAt: Date },
): Promise<void> {
  // A new link replaces the account's older unused ones of the same purpose.
  await db.query(
    `UPDATE account_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
    [t.userId, t.purpose, iso(t.at)],
  );
  await db.query(
    `INSERT INTO account_tokens (user_id, purpose, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
    [t.userId, t.purpose, t.tokenHash, iso(t.at), iso(t.expiresAt)],
  );
}

/** Marks a valid, unused link as used and returns its account; undefined when invalid. */
export async function consumeAccountToken(
  db: Sql,
  tokenHash: string,
  purpose: 'setup' | 'password_reset',
  at: Date,
): Promise<number | undefined> {
  const rows = await db.query<{ user_id: number }>(
    `UPDATE account_tokens SET used_at = $3
     WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 RETURNING user_id`,
    [tokenHash, purpose, iso(at)],
  );
  return rows[0] ? Number(rows[0].user_id) : undefined;
}

export async function replaceRecoveryCodes(db: Sql, userId: number, codeHashes: string[]): Promise<void> {
  await db.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
  for (const hash of codeHashes) {
    await db.query('INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)', [userId, hash]);
  }
}

export async function useRecoveryCode(db: Sql, userId: number, codeHash: string, at: Date): Promise<boolean> {
  const rows = await db.query(
    'UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id',
    [userId, codeHash, iso(at)],
  );
  return rows.length === 1;
}

export async function countRecoveryCodesLeft(db: Sql, userId: number): Promise<number> {
  const rows = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL',
    [userId],
  );
  return rows[0]?.n ?? 0;
}

/** A session by the hash of its cookie, with its account and grants (one statement). */
export function findSessionAccount(db: Sql, tokenHash: string) {
  return findCredentialAccount(db, 'session', tokenHash, toSession);
}

/** An API token by the hash of its secret, with its account and grants (one statement). */
export function findTokenAccount(db: Sql, tokenHash: string) {
  return findCredentialAccount(db, 'token', tokenHash, toToken);
}

// After sessionColumns and tokenColumns: module constants are built in order.
const credentialAccountSelect = (head: string) =>
  prepared(`WITH c AS (${head})
     SELECT row_to_json(c) AS credential,
            (SELECT row_to_json(a) FROM (${userSelect} WHERE u.id = c.user_id) a) AS account,
            (SELECT coalesce(json_agg(x), '[]'::json) FROM (${grantsSelect('g.user_id = c.user_id')}) x) AS grants
       FROM c`);
const credentialAccountSql = {
  session: credentialAccountSelect(`SELECT ${sessionColumns} FROM sessions WHERE token_hash = $1`),
  token: credentialAccountSelect(`SELECT ${tokenColumns} FROM api_tokens WHERE token_hash = $1`),
};
