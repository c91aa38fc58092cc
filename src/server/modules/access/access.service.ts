import { timingSafeEqual } from 'node:crypto';
import {
  roles,
  type ApiToken,
  type CreateTokenInput,
  type CreateUserInput,
  type Grant,
  type Me,
  type RoleKey,
  type User,
} from '@/contracts/access';
import type { LoginResult } from '@/contracts/auth';
import { permissions as allPermissions, type Permission } from '@/contracts/permissions';
import type { Database } from '@/server/db/database';
import { withAppRole, withScope, type ScopedTx } from '@/server/db/scoped';
import { writeAudit } from '@/server/platform/audit';
import type { ServiceContext } from '@/server/platform/context';
import { AppError } from '@/server/platform/errors';
import type { Logger } from '@/server/platform/logger';
import {
  buildScope,
  can,
  heldPermissions,
  unitIdsWith,
  type Actor,
  type ActorGrant,
} from '@/server/platform/scope';
import * as repo from '@/server/modules/access/access.repository';
import { explainGrants } from '@/server/modules/access/explain';
import { createMailer, type Mailer } from '@/server/modules/access/mailer';
import {
  dummyPasswordHash,
  hashPassword,
  needsRehash,
  passwordProblem,
  verifyPassword,
} from '@/server/modules/access/passwords';
import {
  decryptSecret,
  encryptSecret,
  loadSecretKey,
  plainSecret,
  randomToken,
  sha256,
} from '@/server/modules/access/secrets';
import {
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  otpauthUri,
  qrSvg,
} from '@/server/modules/access/totp';

/** What the access module needs besides the database; built once from the configuration. */
export interface AccessSettings {
  baseUrl: string;
  /** Secure cookies when BASE_URL is https. */
  secureCookies: boolean;
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
  /** Encrypts TOTP secrets at rest. */
  secretKey: Buffer;
  mailer: Mailer;
  /** Injectable for tests: session timeouts and throttling windows are computed from it. */
  clock: () => Date;
  issuer: string;
}

/** Builds the settings from the configuration (the secret key from SESSION_SECRET or DATA_DIR). */
export function createAccessSettings(options: {
  baseUrl: string;
  sessionIdleMinutes?: number | undefined;
  sessionAbsoluteHours?: number | undefined;
  sessionSecret?: string | undefined;
  dataDir?: string | undefined;
  smtpUrl?: string | undefined;
  mailFrom?: string | undefined;
  logger: Logger;
  clock?: (() => Date) | undefined;
}): AccessSettings {
  return {
    baseUrl: options.baseUrl,
    secureCookies: options.baseUrl.startsWith('https:'),
    idleTimeoutMs: (options.sessionIdleMinutes ?? 30) * 60_000,
    absoluteTimeoutMs: (options.sessionAbsoluteHours ?? 12) * 3_600_000,
    secretKey: loadSecretKey({ sessionSecret: options.sessionSecret, dataDir: options.dataDir }),
    mailer: createMailer({
      smtpUrl: options.smtpUrl,
      from: options.mailFrom ?? 'Servicestelle <noreply@localhost>',
      logger: options.logger,
    }),
    clock: options.clock ?? (() => new Date()),
    issuer: 'Servicestelle',
  };
}

export type AccessContext = Pick<ServiceContext, 'database' | 'actor' | 'log'> & { settings: AccessSettings };

/** Throttling: after this many failures within the window, an account's logins are refused unchecked. */
export const LOCKOUT_FAILURES = 10;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
/** Per IP address (many accounts tried from one place). */
export const IP_LOCKOUT_FAILURES = 100;
/** The password step must be followed by the second factor within this time. */
export const TOTP_STEP_TIMEOUT_MS = 5 * 60_000;
export const SETUP_LINK_DAYS = 7;
export const RESET_LINK_MINUTES = 60;
/** last_seen_at is written at most this often (idle timeout resolution). */
const TOUCH_INTERVAL_MS = 60_000;

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId?: string;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  maxAgeSeconds: number;
}

// ---------------------------------------------------------------------------------------------
// Actors

function toActorGrant(g: repo.GrantRow): ActorGrant {
  return {
    role: g.role,
    unitId: g.unitId,
    unitCode: g.unitCode,
    unitName: g.unitName,
    unitLevel: g.unitLevel,
    unitIds: new Set(g.unitIds),
  };
}

const requires2fa = (grants: readonly { role: RoleKey }[]) => grants.some((g) => roles[g.role]?.requires2fa);

/**
 * Builds the actor for an account: grants, subtrees and scope (cut to a token's permissions).
 * `grantRows`: the account's grants when the caller has read them already.
 */
export async function loadActor(
  db: repo.Sql,
  user: repo.UserRow,
  via: { sessionId?: number; tokenId?: number; tokenPermissions?: readonly string[] } = {},
  grantRows?: repo.GrantRow[],
): Promise<Actor> {
  const grants = (grantRows ?? (await repo.findGrants(db, [user.id])))
    .filter((g) => g.role in roles)
    .map(toActorGrant);
  const only = via.tokenPermissions ? new Set(via.tokenPermissions as Permission[]) : undefined;
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    tokenId: via.tokenId ?? null,
    sessionId: via.sessionId ?? null,
    grants,
    scope: buildScope(grants, only),
    enrolmentRequired:
      via.tokenId === undefined && user.kind === 'person' && requires2fa(grants) && !user.totpSecret,
  };
}

/** The actor of an account by id (background jobs acting for it); null when inactive or unknown. */
export async function loadActorById(database: Database, userId: number): Promise<Actor | null> {
  const user = await repo.findUserById(database, userId);
  return user && user.active ? loadActor(database, user) : null;
}

export type Authentication =
  | { kind: 'none' }
  | { kind: 'session'; actor: Actor; session: repo.SessionRow }
  | { kind: 'pending'; session: repo.SessionRow; user: repo.UserRow }
  | { kind: 'token'; actor: Actor };

/** Resolves the session cookie: ends sessions past their idle or absolute timeout. */
export async function authenticateSession(
  database: Database,
  settings: AccessSettings,
  token: string,
): Promise<Authentication> {
  const found = await repo.findSessionAccount(database, sha256(token));
  const session = found?.credential;
  if (!found || !session || session.endedAt) return { kind: 'none' };
  const now = settings.clock();
  const user = found.user;
  let ended: string | null = null;
  if (!user || !user.active) ended = 'deactivated';
  else if (session.stage === 'totp' && now.getTime() - session.createdAt.getTime() > TOTP_STEP_TIMEOUT_MS)
    ended = 'second_factor_timeout';
  else if (now.getTime() - session.createdAt.getTime() > settings.absoluteTimeoutMs)
    ended = 'absolute_timeout';
  else if (now.getTime() - session.lastSeenAt.getTime() > settings.idleTimeoutMs) ended = 'idle_timeout';
  if (ended) {
    await repo.endSession(database, session.id, ended, now);
    return { kind: 'none' };
  }
  if (session.stage === 'totp') return { kind: 'pending', session, user: user! };
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS)
    await repo.touchSession(database, session.id, now);
  return {
    kind: 'session',
    session,
    actor: await loadActor(database, user!, { sessionId: session.id }, found.grants),
  };
}

/** Resolves `Authorization: Bearer ss_...`. Tokens of deactivated accounts, expired or revoked ones fail. */
export async function authenticateToken(
  database: Database,
  settings: AccessSettings,
  token: string,
): Promise<Authentication> {
  if (!token.startsWith('ss_')) return { kind: 'none' };
  const found = await repo.findTokenAccount(database, sha256(token));
  const row = found?.credential;
  const now = settings.clock();
  if (!found || !row || row.revokedAt || row.expiresAt <= now) return { kind: 'none' };
  const user = found.user;
  if (!user || !user.active) return { kind: 'none' };
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await repo.touchToken(database, row.id, now);
  }
  return {
    kind: 'token',
    actor: await loadActor(
      database,
      user,
      { tokenId: row.id, tokenPermissions: row.permissions },
      found.grants,
    ),
  };
}

export function csrfMatches(session: repo.SessionRow, header: string | undefined): boolean {
  if (!header) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}

// ---------------------------------------------------------------------------------------------
// Sign-in

async function newSession(
  tx: repo.Sql,
  settings: AccessSettings,
  userId: number,
  stage: 'totp' | 'full',
  meta: RequestMeta,
): Promise<NewSession> {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  await repo.insertSession(tx, {
    tokenHash: sha256(token),
    userId,
    stage,
    csrfToken,
    at: settings.clock(),
    ip: meta.ip,
    userAgent: meta.userAgent,
  });
  const maxAge = stage === 'totp' ? TOTP_STEP_TIMEOUT_MS : settings.absoluteTimeoutMs;
  return { token, csrfToken, maxAgeSeconds: Math.floor(maxAge / 1000) };
}

function lockedError(retryAfter: Date): AppError {
  return new AppError('auth.locked', {
    detail: `Too many failed sign-ins. Try again after ${retryAfter.toISOString()}.`,
    details: { retryAfter: retryAfter.toISOString() },
  });
}

/** Refuses, without looking at the password, an account or IP address with too many recent failures. */
async function checkThrottle(db: repo.Sql, email: string, ip: string | null, now: Date): Promise<void> {
  const since = new Date(now.getTime() - LOCKOUT_WINDOW_MS);
  const failures = await repo.recentFailuresForEmail(db, email, since, LOCKOUT_FAILURES);
  if (failures.length >= LOCKOUT_FAILURES) {
    // Open again once the oldest of the last ten failures leaves the window.
    throw lockedError(new Date(failures[LOCKOUT_FAILURES - 1]!.getTime() + LOCKOUT_WINDOW_MS));
  }
  if (ip) {
    const byIp = await repo.recentFailuresForIp(db, ip, since, IP_LOCKOUT_FAILURES);
    if (byIp.length >= IP_LOCKOUT_FAILURES) {
      throw lockedError(new Date(byIp[IP_LOCKOUT_FAILURES - 1]!.getTime() + LOCKOUT_WINDOW_MS));
    }
  }
}

async function recordFailure(
  actx: AccessContext,
  email: string,
  meta: RequestMeta,
  reason: string,
  user?: repo.UserRow,
): Promise<void> {
  const now = actx.settings.clock();
  await withAppRole(actx.database, async (tx) => {
    await repo.insertLoginAttempt(tx, { email, ip: meta.ip, success: false, at: now });
    await writeAudit(tx, {
      action: 'auth.login_failed',
      actor: { userId: user?.id ?? null, name: email },
      entityType: user ? 'user' : null,
      entityId: user?.id ?? null,
      details: { reason },
      at: now,
      requestId: meta.requestId ?? null,
      ip: meta.ip,
    });
  });
}

/** Step one: e-mail and password. */
export async function login(
  actx: AccessContext,
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<{ result: LoginResult; session: NewSession }> {
  const { database, settings } = actx;
  const email = input.email.trim().toLowerCase();
  const now = settings.clock();
  await checkThrottle(database, email, meta.ip, now);

  const user = await repo.findUserByEmail(database, email);
  const usable = user && user.active && user.kind === 'person' && user.passwordHash;
  const ok = await verifyPassword(usable ? user.passwordHash! : await dummyPasswordHash(), input.password);
  if (!usable || !ok) {
    await recordFailure(
      actx,
      email,
      meta,
      !user ? 'unknown_account' : !usable ? 'account_unusable' : 'password',
      user,
    );
    throw new AppError('auth.invalid_credentials');
  }
  const rehash = needsRehash(user.passwordHash!) ? await hashPassword(input.password) : null;
  const hasTotp = Boolean(user.totpSecret);
  return withAppRole(database, async (tx) => {
    if (rehash) await repo.updateUser(tx, user.id, { passwordHash: rehash }, now);
    if (hasTotp) {
      // The password was right; the attempt counts as a success only after the second factor.
      const session = await newSession(tx, settings, user.id, 'totp', meta);
      return { result: { status: 'totp_required' }, session };
    }
    await repo.insertLoginAttempt(tx, { email, ip: meta.ip, success: true, at: now });
    await repo.updateUser(tx, user.id, { lastLoginAt: now }, now);
    const session = await newSession(tx, settings, user.id, 'full', meta);
    const grants = await repo.findGrants(tx, [user.id]);
    const enrol = requires2fa(grants);
    await writeAudit(tx, {
      action: 'auth.login',
      actor: { userId: user.id, name: user.email },
      entityType: 'user',
      entityId: user.id,
      details: { secondFactor: null, enrolmentRequired: enrol },
      at: now,
      requestId: meta.requestId ?? null,
      ip: meta.ip,
    });
    return { result: { status: enrol ? 'enrolment_required' : 'ok' }, session };
  });
}

/** Step two: the TOTP code (or a recovery code) for a session that passed the password step. */
export async function confirmSecondFactor(
  actx: AccessContext,
  pending: { session: repo.SessionRow; user: repo.UserRow } | null,
  code: string,
  meta: RequestMeta,
): Promise<{ result: LoginResult; session: NewSession }> {
  const { database, settings } = actx;
  if (!pending) throw new AppError('auth.required', { detail: 'Sign in with e-mail and password first.' });
  const { user, session } = pending;
  const now = settings.clock();
  await checkThrottle(database, user.email, meta.ip, now);
  const method = await checkSecondFactor(database, settings, user, code);
  if (!method) {
    await recordFailure(actx, user.email, meta, 'second_factor', user);
    throw new AppError('auth.totp_invalid');
  }
  return withAppRole(database, async (tx) => {
    // A new session id at sign-in: the pending one ends, a fresh one begins.
    await repo.endSession(tx, session.id, 'second_factor_passed', now);
    await repo.insertLoginAttempt(tx, { email: user.email, ip: meta.ip, success: true, at: now });
    await repo.updateUser(tx, user.id, { lastLoginAt: now }, now);
    const fresh = await newSession(tx, settings, user.id, 'full', meta);
    await writeAudit(tx, {
      action: 'auth.login',
      actor: { userId: user.id, name: user.email },
      entityType: 'user',
      entityId: user.id,
      details: { secondFactor: method },
      at: now,
      requestId: meta.requestId ?? null,
      ip: meta.ip,
    });
    return { result: { status: 'ok' }, session: fresh };
  });
}

/** 'totp' or 'recovery_code' when the code is valid (and now used up), else null. */
async function checkSecondFactor(
  database: Database,
  settings: AccessSettings,
  user: repo.UserRow,
  code: string,
): Promise<'totp' | 'recovery_code' | null> {
  if (!user.totpSecret) return null;
  const now = settings.clock();
  const clean = code.replace(/\s/g, '');
  if (/^\d{6}$/.test(clean)) {
    const step = matchTotp(decryptSecret(settings.secretKey, user.totpSecret), clean, now);
    if (step === null) return null;
    return (await repo.claimTotpStep(database, user.id, step)) ? 'totp' : null;
  }
  const used = await repo.useRecoveryCode(database, user.id, sha256(normaliseRecoveryCode(code)), now);
  if (!used) return null;
  await withAppRole(database, (tx) =>
    writeAudit(tx, {
      action: 'auth.recovery_code_used',
      actor: { userId: user.id, name: user.email },
      entityType: 'user',
      entityId: user.id,
      at: now,
    }),
  );
  return 'recovery_code';
}

export async function logout(actx: AccessContext, sessionId: number | null): Promise<void> {
  if (sessionId === null) return;
  const now = actx.settings.clock();
  await withScope(actx.database, actx.actor, async (tx) => {
    await repo.endSession(tx, sessionId, 'logout', now);
    await writeAudit(tx, {
      action: 'auth.logout',
      entityType: 'user',
      entityId: actx.actor?.userId ?? null,
      at: now,
    });
  });
}

/** "Sign out everywhere": ends every session of the account, this one included. */
export async function logoutEverywhere(actx: AccessContext): Promise<number> {
  const actor = requireActor(actx);
  const now = actx.settings.clock();
  return withScope(actx.database, actor, async (tx) => {
    const n = await repo.endSessionsOfUser(tx, actor.userId, 'logout_all', now);
    await writeAudit(tx, {
      action: 'auth.logout_all',
      entityType: 'user',
      entityId: actor.userId,
      details: { sessions: n },
      at: now,
    });
    return n;
  });
}

function requireActor(actx: Pick<AccessContext, 'actor'>): Actor {
  if (!actx.actor) throw new AppError('auth.required');
  return actx.actor;
}

// ---------------------------------------------------------------------------------------------
// Passwords: reset, setup links, change

function checkNewPassword(password: string, user: { email: string; displayName: string }): void {
  const problem = passwordProblem(password, user);
  if (problem === 'common') throw new AppError('auth.password_too_common');
  if (problem === 'personal') throw new AppError('auth.password_personal');
}

export function setupLinkUrl(settings: Pick<AccessSettings, 'baseUrl'>, token: string): string {
  return `${settings.baseUrl}/konto/einrichten#token=${token}`;
}
export function resetLinkUrl(settings: Pick<AccessSettings, 'baseUrl'>, token: string): string {
  return `${settings.baseUrl}/konto/passwort-setzen#token=${token}`;
}

/** A one-time setup link (valid SETUP_LINK_DAYS days) for an account without a password yet. */
export async function issueSetupLink(
  tx: repo.Sql,
  settings: AccessSettings,
  userId: number,
): Promise<string> {
  const token = randomToken(32);
  const now = settings.clock();
  await repo.insertAccountToken(tx, {
    userId,
    purpose: 'setup',
    tokenHash: sha256(token),
    at: now,
    expiresAt: new Date(now.getTime() + SETUP_LINK_DAYS * 86_400_000),
  });
  return setupLinkUrl(settings, token);
}

/** Sends a reset link when the account exists; says nothing either way (no account enumeration). */
export async function requestPasswordReset(
  actx: AccessContext,
  emailInput: string,
  meta: RequestMeta,
): Promise<void> {
  const { database, settings } = actx;
  const email = emailInput.trim().toLowerCase();
  const now = settings.clock();
  await checkThrottle(database, email, meta.ip, now);
  const user = await repo.findUserByEmail(database, email);
  if (!user || !user.active || user.kind !== 'person') return;
  const token = randomToken(32);
  await withAppRole(database, async (tx) => {
    await repo.insertAccountToken(tx, {
      userId: user.id,
      purpose: 'password_reset',
      tokenHash: sha256(token),
      at: now,
      expiresAt: new Date(now.getTime() + RESET_LINK_MINUTES * 60_000),
    });
    await writeAudit(tx, {
      action: 'auth.password_reset_requested',
      actor: { userId: null, name: email },
      entityType: 'user',
      entityId: user.id,
      at: now,
      requestId: meta.requestId ?? null,
      ip: meta.ip,
    });
  });
  await settings.mailer.send({
    to: user.email,
    subject: 'Servicestelle: Passwort zurücksetzen',
    text: [
      `Guten Tag ${user.displayName},`,
      '',
      'für Ihr Konto in der Servicestelle wurde ein neues Passwort angefordert. Über diesen Link',
      `legen Sie es fest (er gilt ${RESET_LINK_MINUTES} Minuten und nur einmal):`,
      '',
      resetLinkUrl(settings, token),
      '',
      'Wenn Sie das nicht angefordert haben, können Sie diese Nachricht ignorieren; Ihr Passwort',
      'bleibt dann unverändert.',
    ].join('\n'),
  });
}

async function setPasswordWithLink(
  actx: AccessContext,
  token: string,
  password: string,
  purpose: 'setup' | 'password_reset',
): Promise<void> {
  const { database, settings } = actx;
  const now = settings.clock();
  const tokenHash = sha256(token);
  // Check the password before using up the link, so a refused password leaves the link valid.
  const preview = await database.query<{ user_id: number }>(
    'SELECT user_id FROM account_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3',
    [tokenHash, purpose, now.toISOString()],
  );
  const previewUser = preview[0] ? await repo.findUserById(database, Number(preview[0].user_id)) : undefined;
  if (!previewUser || !previewUser.active) throw new AppError('auth.link_invalid');
  checkNewPassword(password, previewUser);
  const passwordHash = await hashPassword(password);
  await withAppRole(database, async (tx) => {
    const userId = await repo.consumeAccountToken(tx, tokenHash, purpose, now);
    if (userId !== previewUser.id) throw new AppError('auth.link_invalid');
    await repo.updateUser(tx, userId, { passwordHash }, now);
    const ended = await repo.endSessionsOfUser(tx, userId, 'password_changed', now);
    await writeAudit(tx, {
      action: purpose === 'setup' ? 'auth.setup_completed' : 'auth.password_changed',
      actor: { userId, name: previewUser.email },
      entityType: 'user',
      entityId: userId,
      details: { via: purpose, sessionsEnded: ended },
      at: now,
    });
  });
}

export const confirmPasswordReset = (actx: AccessContext, token: string, password: string) =>
  setPasswordWithLink(actx, token, password, 'password_reset');
export const completeSetup = (actx: AccessContext, token: string, password: string) =>
  setPasswordWithLink(actx, token, password, 'setup');

/** Changes the password of the signed-in account; the other sessions end. */
export async function changePassword(actx: AccessContext, current: string, next: string): Promise<void> {
  const actor = requireActor(actx);
  const { database, settings } = actx;
  const user = await repo.findUserById(database, actor.userId);
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, current))) {
    throw new AppError('auth.invalid_credentials', { detail: 'The current password is wrong.' });
  }
  checkNewPassword(next, user);
  const passwordHash = await hashPassword(next);
  const now = settings.clock();
  await withScope(database, actor, async (tx) => {
    await repo.updateUser(tx, user.id, { passwordHash }, now);
    const ended = await repo.endSessionsOfUser(
      tx,
      user.id,
      'password_changed',
      now,
      actor.sessionId ?? undefined,
    );
    await writeAudit(tx, {
      action: 'auth.password_changed',
      entityType: 'user',
      entityId: user.id,
      details: { via: 'change', sessionsEnded: ended },
      at: now,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Me

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

function toGrant(g: repo.GrantRow): Grant {
  return {
    id: g.id,
    role: g.role,
    roleName: roles[g.role]?.name.de ?? g.role,
    unitCode: g.unitCode,
    unitName: g.unitName,
    unitLevel: g.unitLevel,
    createdAt: g.createdAt.toISOString(),
  };
}

export async function getMe(actx: AccessContext, csrfToken: string | null): Promise<Me> {
  const actor = requireActor(actx);
  const user = await repo.findUserById(actx.database, actor.userId);
  if (!user) throw new AppError('auth.required');
  const grants = await repo.findGrants(actx.database, [user.id]);
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    unitCode: user.unitCode,
    twoFactor: {
      enabled: Boolean(user.totpSecret),
      required: requires2fa(grants),
      enrolmentRequired: actor.enrolmentRequired,
      recoveryCodesLeft: await repo.countRecoveryCodesLeft(actx.database, user.id),
    },
    permissions: heldPermissions(actor),
    grants: grants.map(toGrant),
    explanation: explainGrants(actor.grants),
    via: actor.tokenId ? 'token' : 'session',
    csrfToken,
  };
}

export async function listMySessions(actx: AccessContext) {
  const actor = requireActor(actx);
  const sessions = await repo.findOpenSessions(actx.database, actor.userId);
  return {
    items: sessions.map((s) => ({
      id: s.id,
      current: s.id === actor.sessionId,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
    })),
  };
}

export async function endMySession(actx: AccessContext, sessionId: number): Promise<void> {
  const actor = requireActor(actx);
  const mine = await repo.findOpenSessions(actx.database, actor.userId);
  if (!mine.some((s) => s.id === sessionId))
    throw new AppError('request.not_found', { detail: 'No such session.' });
  await withScope(actx.database, actor, async (tx) => {
    await repo.endSession(tx, sessionId, 'ended_by_user', actx.settings.clock());
    await writeAudit(tx, { action: 'auth.logout', entityType: 'session', entityId: sessionId });
  });
}

// ---------------------------------------------------------------------------------------------
// Second factor

export async function startTwoFactorEnrolment(actx: AccessContext) {
  const actor = requireActor(actx);
  const user = await repo.findUserById(actx.database, actor.userId);
  if (!user) throw new AppError('auth.required');
  const secret = newTotpSecret();
  await repo.updateUser(
    actx.database,
    user.id,
    { totpPendingSecret: encryptSecret(actx.settings.secretKey, secret) },
    actx.settings.clock(),
  );
  const uri = otpauthUri(secret, user.email, actx.settings.issuer);
  return { secret, otpauthUri: uri, qrSvg: await qrSvg(uri) };
}

/** Confirms enrolment with a first code; returns the ten recovery codes (shown once). */
export async function confirmTwoFactorEnrolment(
  actx: AccessContext,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  const actor = requireActor(actx);
  const { database, settings } = actx;
  const user = await repo.findUserById(database, actor.userId);
  if (!user?.totpPendingSecret) {
    throw new AppError('auth.totp_invalid', { detail: 'Start the enrolment first (POST /me/2fa/enrol).' });
  }
  const now = settings.clock();
  const secret = decryptSecret(settings.secretKey, user.totpPendingSecret);
  const step = matchTotp(secret, code, now);
  if (step === null) throw new AppError('auth.totp_invalid');
  const codes = newRecoveryCodes();
  await withScope(database, actor, async (tx) => {
    await repo.updateUser(
      tx,
      user.id,
      { totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpLastStep: step },
      now,
    );
    await repo.replaceRecoveryCodes(
      tx,
      user.id,
      codes.map((c) => sha256(normaliseRecoveryCode(c))),
    );
    await writeAudit(tx, { action: 'auth.2fa_enabled', entityType: 'user', entityId: user.id, at: now });
  });
  return { recoveryCodes: codes };
}

async function requireValidCode(actx: AccessContext, user: repo.UserRow, code: string): Promise<void> {
  const method = await checkSecondFactor(actx.database, actx.settings, user, code);
  if (!method) throw new AppError('auth.totp_invalid');
}

export async function disableTwoFactor(actx: AccessContext, code: string): Promise<void> {
  const actor = requireActor(actx);
  const user = await repo.findUserById(actx.database, actor.userId);
  if (!user?.totpSecret) return;
  if (requires2fa(actor.grants)) throw new AppError('auth.two_factor_required');
  await requireValidCode(actx, user, code);
  await withScope(actx.database, actor, async (tx) => {
    await repo.updateUser(
      tx,
      user.id,
      { totpSecret: null, totpPendingSecret: null, totpLastStep: null },
      actx.settings.clock(),
    );
    await repo.replaceRecoveryCodes(tx, user.id, []);
    await writeAudit(tx, { action: 'auth.2fa_disabled', entityType: 'user', entityId: user.id });
  });
}

export async function regenerateRecoveryCodes(
  actx: AccessContext,
  code: string,
): Promise<{ recoveryCodes: string[] }> {
  const actor = requireActor(actx);
  const user = await repo.findUserById(actx.database, actor.userId);
  if (!user?.totpSecret)
    throw new AppError('auth.totp_invalid', { detail: 'Two-factor sign-in is not enabled.' });
  await requireValidCode(actx, user, code);
  const codes = newRecoveryCodes();
  await repo.replaceRecoveryCodes(
    actx.database,
    user.id,
    codes.map((c) => sha256(normaliseRecoveryCode(c))),
  );
  return { recoveryCodes: codes };
}

// ---------------------------------------------------------------------------------------------
// Users and grants (scoped: user:manage at the account's unit)

async function toUsers(db: repo.Sql, rows: repo.UserRow[]): Promise<User[]> {
  const grants = await repo.findGrants(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    kind: u.kind,
    unitCode: u.unitCode,
    active: u.active,
    twoFactorEnabled: Boolean(u.totpSecret),
    passwordSet: Boolean(u.passwordHash),
    createdAt: u.createdAt.toISOString(),
    lastLoginAt: isoOrNull(u.lastLoginAt),
    grants: grants.filter((g) => g.userId === u.id).map(toGrant),
  }));
}

/** The account, if the actor may manage it; not-found otherwise (no probing of other subtrees). */
async function manageableUser(actx: AccessContext, userId: number): Promise<repo.UserRow> {
  const user = await repo.findUserById(actx.database, userId);
  if (!user || !can(actx.actor, 'user:manage', user.unitId)) throw new AppError('user.not_found');
  return user;
}

export async function listUsers(
  actx: AccessContext,
  query: { q?: string; unit?: string; active?: 'true' | 'false' },
) {
  const actor = requireActor(actx);
  let unitIds = unitIdsWith(actor, 'user:manage');
  if (query.unit) {
    const unit = await repo.findUnitRefByCode(actx.database, query.unit);
    if (!unit) throw new AppError('unit.not_found');
    const sub = await actx.database.query<{ id: number }>(
      'SELECT id FROM units WHERE starts_with(path, $1)',
      [unit.path],
    );
    const allowed = new Set(unitIds);
    unitIds = sub.map((r) => Number(r.id)).filter((id) => allowed.has(id));
  }
  const rows = await repo.findUsers(actx.database, {
    unitIds,
    ...(query.q ? { q: query.q } : {}),
    ...(query.active ? { active: query.active === 'true' } : {}),
  });
  const items = await toUsers(actx.database, rows);
  return { items, total: items.length };
}

export async function getUser(actx: AccessContext, userId: number): Promise<User> {
  const user = await manageableUser(actx, userId);
  return (await toUsers(actx.database, [user]))[0]!;
}

/**
 * May the actor grant this role at this unit? Only with user:manage there and every permission of
 * the role there too: nobody grants beyond their own scope and permissions.
 */
export function mayGrant(actor: Actor | null, role: RoleKey, unitId: number): boolean {
  if (!can(actor, 'user:manage', unitId)) return false;
  return roles[role].permissions.every((p) => can(actor, p, unitId));
}

async function refuseGrant(
  actx: AccessContext,
  targetUserId: number | null,
  role: RoleKey,
  unitCode: string,
  unitId: number | null,
) {
  await withScope(actx.database, actx.actor, (tx) =>
    writeAudit(tx, {
      action: 'grant.refused',
      entityType: 'user',
      entityId: targetUserId,
      unitId,
      details: { role, unitCode },
    }),
  );
  return new AppError('auth.forbidden', {
    detail: `You may not grant the role ${role} at ${unitCode}: it would exceed your own scope or permissions.`,
  });
}

async function grantInTx(
  tx: ScopedTx,
  actx: AccessContext,
  userId: number,
  role: RoleKey,
  unit: repo.UnitRef,
): Promise<number> {
  const id = await repo.insertGrant(tx, {
    userId,
    role,
    unitId: unit.id,
    createdBy: actx.actor?.userId ?? null,
    at: actx.settings.clock(),
  });
  await writeAudit(tx, {
    action: 'grant.create',
    entityType: 'user',
    entityId: userId,
    unitId: unit.id,
    details: { grantId: id, role, unitCode: unit.code },
  });
  return id;
}

export async function createUser(
  actx: AccessContext,
  input: CreateUserInput,
): Promise<{ user: User; setupLink: string | null }> {
  const actor = requireActor(actx);
  const { database, settings } = actx;
  const unit = await repo.findUnitRefByCode(database, input.unitCode);
  if (!unit || !can(actor, 'user:manage', unit.id)) {
    throw new AppError('auth.forbidden', { detail: `You may not create accounts in ${input.unitCode}.` });
  }
  const grantUnits: { role: RoleKey; unit: repo.UnitRef }[] = [];
  for (const g of input.grants) {
    const gUnit = await repo.findUnitRefByCode(database, g.unitCode);
    if (!gUnit)
      throw new AppError('unit.not_found', { detail: `There is no unit with the code ${g.unitCode}.` });
    if (!mayGrant(actor, g.role, gUnit.id)) throw await refuseGrant(actx, null, g.role, g.unitCode, gUnit.id);
    grantUnits.push({ role: g.role, unit: gUnit });
  }
  if (await repo.findUserByEmail(database, input.email)) throw new AppError('user.email_taken');
  const { userId, link } = await withScope(database, actor, async (tx) => {
    const id = await repo.insertUser(tx, {
      email: input.email,
      displayName: input.displayName,
      kind: input.kind,
      unitId: unit.id,
      passwordHash: null,
      at: settings.clock(),
    });
    const setup = input.kind === 'person' ? await issueSetupLink(tx, settings, id) : null;
    await writeAudit(tx, {
      action: 'user.create',
      entityType: 'user',
      entityId: id,
      unitId: unit.id,
      details: { email: input.email, displayName: input.displayName, kind: input.kind, unitCode: unit.code },
    });
    for (const g of grantUnits) await grantInTx(tx, actx, id, g.role, g.unit);
    return { userId: id, link: setup };
  });
  if (link) await sendSetupMail(settings, input.email, input.displayName, link);
  return { user: await getUser(actx, userId), setupLink: link };
}

async function sendSetupMail(
  settings: AccessSettings,
  email: string,
  name: string,
  link: string,
): Promise<void> {
  if (!settings.mailer.configured) return;
  await settings.mailer.send({
    to: email,
    subject: 'Servicestelle: Ihr Zugang',
    text: [
      `Guten Tag ${name},`,
      '',
      'für Sie wurde ein Zugang zur Servicestelle eingerichtet. Über diesen Link legen Sie Ihr',
      `Passwort fest (er gilt ${SETUP_LINK_DAYS} Tage und nur einmal):`,
      '',
      link,
    ].join('\n'),
  });
}

export async function updateUserAccount(
  actx: AccessContext,
  userId: number,
  changes: { email?: string | undefined; displayName?: string | undefined; active?: boolean | undefined },
): Promise<User> {
  const actor = requireActor(actx);
  const user = await manageableUser(actx, userId);
  if (changes.email !== undefined && changes.email !== user.email) {
    const other = await repo.findUserByEmail(actx.database, changes.email);
    if (other) throw new AppError('user.email_taken');
  }
  const now = actx.settings.clock();
  await withScope(actx.database, actor, async (tx) => {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    if (changes.email !== undefined && changes.email !== user.email) {
      before.email = user.email;
      after.email = changes.email;
    }
    if (changes.displayName !== undefined && changes.displayName !== user.displayName) {
      before.displayName = user.displayName;
      after.displayName = changes.displayName;
    }
    if (changes.active !== undefined && changes.active !== user.active) {
      before.active = user.active;
      after.active = changes.active;
    }
    if (Object.keys(after).length === 0) return;
    await repo.updateUser(tx, user.id, after, now);
    let sessionsEnded = 0;
    if (after.active === false) sessionsEnded = await repo.endSessionsOfUser(tx, user.id, 'deactivated', now);
    await writeAudit(tx, {
      action: after.active === false ? 'user.deactivate' : 'user.update',
      entityType: 'user',
      entityId: user.id,
      unitId: user.unitId,
      details: { before, after, ...(after.active === false ? { sessionsEnded } : {}) },
      at: now,
    });
  });
  return getUser(actx, userId);
}

export async function addGrant(
  actx: AccessContext,
  userId: number,
  role: RoleKey,
  unitCode: string,
): Promise<User> {
  const actor = requireActor(actx);
  const user = await manageableUser(actx, userId);
  const unit = await repo.findUnitRefByCode(actx.database, unitCode);
  if (!unit) throw new AppError('unit.not_found', { detail: `There is no unit with the code ${unitCode}.` });
  if (!mayGrant(actor, role, unit.id)) throw await refuseGrant(actx, user.id, role, unitCode, unit.id);
  await withScope(actx.database, actor, (tx) => grantInTx(tx, actx, user.id, role, unit));
  return getUser(actx, userId);
}

export async function removeGrant(actx: AccessContext, userId: number, grantId: number): Promise<User> {
  const actor = requireActor(actx);
  const user = await manageableUser(actx, userId);
  const grant = (await repo.findGrants(actx.database, [user.id])).find((g) => g.id === grantId);
  if (!grant) throw new AppError('grant.not_found');
  if (!can(actor, 'user:manage', grant.unitId)) {
    throw new AppError('auth.forbidden', { detail: `You may not change grants at ${grant.unitCode}.` });
  }
  await withScope(actx.database, actor, async (tx) => {
    await repo.deleteGrant(tx, user.id, grantId);
    await writeAudit(tx, {
      action: 'grant.delete',
      entityType: 'user',
      entityId: user.id,
      unitId: grant.unitId,
      details: { grantId, role: grant.role, unitCode: grant.unitCode },
    });
  });
  return getUser(actx, userId);
}

/** A fresh setup link for an account (e.g. the first one expired); old ones stop working. */
export async function reissueSetupLink(actx: AccessContext, userId: number): Promise<{ setupLink: string }> {
  const actor = requireActor(actx);
  const user = await manageableUser(actx, userId);
  if (user.kind !== 'person')
    throw new AppError('request.invalid', { detail: 'Service accounts have no password.' });
  const link = await withScope(actx.database, actor, async (tx) => {
    const url = await issueSetupLink(tx, actx.settings, user.id);
    await writeAudit(tx, {
      action: 'user.update',
      entityType: 'user',
      entityId: user.id,
      unitId: user.unitId,
      details: { setupLinkIssued: true },
    });
    return url;
  });
  await sendSetupMail(actx.settings, user.email, user.displayName, link);
  return { setupLink: link };
}

/** For an account that lost its phone and its recovery codes: it enrols anew at the next sign-in. */
export async function resetTwoFactor(actx: AccessContext, userId: number): Promise<User> {
  const actor = requireActor(actx);
  const user = await manageableUser(actx, userId);
  const now = actx.settings.clock();
  await withScope(actx.database, actor, async (tx) => {
    await repo.updateUser(
      tx,
      user.id,
      { totpSecret: null, totpPendingSecret: null, totpLastStep: null },
      now,
    );
    await repo.replaceRecoveryCodes(tx, user.id, []);
    await repo.endSessionsOfUser(tx, user.id, '2fa_reset', now);
    await writeAudit(tx, {
      action: 'auth.2fa_disabled',
      entityType: 'user',
      entityId: user.id,
      unitId: user.unitId,
      details: { by: 'admin' },
      at: now,
    });
  });
  return getUser(actx, userId);
}

// ---------------------------------------------------------------------------------------------
// API tokens

function toApiToken(t: repo.TokenRow): ApiToken {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    permissions: t.permissions.filter((p): p is Permission =>
      (allPermissions as readonly string[]).includes(p),
    ),
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
    lastUsedAt: isoOrNull(t.lastUsedAt),
    revokedAt: isoOrNull(t.revokedAt),
  };
}

/**
 * Creates a token for `owner`: its permissions must be a subset of what the owner holds now (they
 * are cut again at every use to what the owner still holds).
 */
async function createTokenFor(
  db: Database,
  settings: AccessSettings,
  creator: Actor | null,
  owner: repo.UserRow,
  input: CreateTokenInput,
  auditActor?: { userId: number | null; name: string },
): Promise<{ token: string; info: ApiToken }> {
  const ownerActor = await loadActor(db, owner);
  const held = heldPermissions(ownerActor);
  const wanted = input.permissions ?? held;
  const beyond = wanted.filter((p) => !held.includes(p));
  if (beyond.length > 0) {
    throw new AppError('auth.forbidden', {
      detail: `The token may only carry permissions the account holds; not: ${beyond.join(', ')}.`,
    });
  }
  if (wanted.length === 0)
    throw new AppError('request.invalid', { detail: 'The account holds no permission to hand to a token.' });
  // Like granting: a token for another account (a service account) carries nothing the creator
  // does not hold at the units where it applies; otherwise a system-admin, who has no member
  // data, could read members through a service account's token.
  if (creator && creator.userId !== owner.id) {
    const notHeld = wanted.filter((permission) =>
      ownerActor.grants.some(
        (g) =>
          (roles[g.role].permissions as readonly Permission[]).includes(permission) &&
          !can(creator, permission, g.unitId),
      ),
    );
    if (notHeld.length > 0) {
      throw new AppError('auth.forbidden', {
        detail: `A token may only carry permissions you hold yourself where the account holds them; not: ${notHeld.join(', ')}.`,
      });
    }
  }
  const token = `ss_${randomToken(32)}`;
  const now = settings.clock();
  const row = await withScope(db, creator, async (tx) => {
    const inserted = await repo.insertToken(tx, {
      userId: owner.id,
      name: input.name,
      tokenHash: sha256(token),
      prefix: token.slice(0, 10),
      permissions: [...new Set(wanted)],
      createdBy: creator?.userId ?? null,
      at: now,
      expiresAt: new Date(now.getTime() + input.days * 86_400_000),
    });
    await writeAudit(tx, {
      action: 'token.create',
      entityType: 'api_token',
      entityId: inserted.id,
      unitId: owner.unitId,
      details: {
        owner: owner.id,
        name: input.name,
        permissions: inserted.permissions,
        expiresAt: inserted.expiresAt.toISOString(),
      },
      ...(auditActor ? { actor: auditActor } : {}),
      at: now,
    });
    return inserted;
  });
  return { token, info: toApiToken(row) };
}

export async function listMyTokens(actx: AccessContext) {
  const actor = requireActor(actx);
  return { items: (await repo.findTokensOfUser(actx.database, actor.userId)).map(toApiToken) };
}

export async function createMyToken(actx: AccessContext, input: CreateTokenInput) {
  const actor = requireActor(actx);
  const owner = await repo.findUserById(actx.database, actor.userId);
  if (!owner) throw new AppError('auth.required');
  return createTokenFor(actx.database, actx.settings, actor, owner, input);
}

export async function revokeMyToken(actx: AccessContext, tokenId: number): Promise<void> {
  const actor = requireActor(actx);
  await revokeTokenOf(actx, actor.userId, tokenId);
}

async function revokeTokenOf(actx: AccessContext, userId: number, tokenId: number): Promise<void> {
  await withScope(actx.database, actx.actor, async (tx) => {
    if (!(await repo.revokeToken(tx, userId, tokenId, actx.settings.clock())))
      throw new AppError('token.not_found');
    await writeAudit(tx, {
      action: 'token.revoke',
      entityType: 'api_token',
      entityId: tokenId,
      details: { owner: userId },
    });
  });
}

/** Tokens of a service account (or any account) the actor manages. */
export async function listUserTokens(actx: AccessContext, userId: number) {
  const user = await manageableUser(actx, userId);
  return { items: (await repo.findTokensOfUser(actx.database, user.id)).map(toApiToken) };
}

export async function createUserToken(actx: AccessContext, userId: number, input: CreateTokenInput) {
  const actor = requireActor(actx);
  const user = await manageableUser(actx, userId);
  if (user.kind !== 'service' && user.id !== actor.userId) {
    throw new AppError('auth.forbidden', {
      detail: 'Tokens for other persons are not issued; each person creates their own.',
    });
  }
  return createTokenFor(actx.database, actx.settings, actor, user, input);
}

export async function revokeUserToken(actx: AccessContext, userId: number, tokenId: number): Promise<void> {
  const user = await manageableUser(actx, userId);
  await revokeTokenOf(actx, user.id, tokenId);
}

// ---------------------------------------------------------------------------------------------
// Operator functions (CLI, first start, demo): trusted, no actor, audited as the operator.

const OPERATOR = { userId: null, name: 'operator (command line)' } as const;

export interface OperatorUserInput {
  email: string;
  displayName: string;
  role: RoleKey;
  unitCode: string;
  kind?: 'person' | 'service';
  password?: string;
  /** Enrols TOTP with this secret (base32): documented demo accounts only. */
  totpSecret?: string;
}

/** Creates an account with one grant. Without a password, returns a one-time setup link. */
export async function createUserAsOperator(
  database: Database,
  settings: AccessSettings,
  input: OperatorUserInput,
): Promise<{ userId: number; setupLink: string | null }> {
  const email = input.email.trim().toLowerCase();
  const unit = await repo.findUnitRefByCode(database, input.unitCode);
  if (!unit)
    throw new AppError('unit.not_found', { detail: `There is no unit with the code ${input.unitCode}.` });
  if (!(input.role in roles))
    throw new AppError('request.invalid', { detail: `Unknown role ${input.role}.` });
  if (await repo.findUserByEmail(database, email)) throw new AppError('user.email_taken');
  if (input.password !== undefined)
    checkNewPassword(input.password, { email, displayName: input.displayName });
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
  const now = settings.clock();
  return withAppRole(database, async (tx) => {
    const userId = await repo.insertUser(tx, {
      email,
      displayName: input.displayName,
      kind: input.kind ?? 'person',
      unitId: unit.id,
      passwordHash,
      at: now,
    });
    if (input.totpSecret) {
      await repo.updateUser(
        tx,
        userId,
        { totpSecret: encryptSecret(settings.secretKey, input.totpSecret) },
        now,
      );
    }
    const grantId = await repo.insertGrant(tx, {
      userId,
      role: input.role,
      unitId: unit.id,
      createdBy: null,
      at: now,
    });
    const setupLink =
      passwordHash || input.kind === 'service' ? null : await issueSetupLink(tx, settings, userId);
    await writeAudit(tx, {
      action: 'user.create',
      actor: OPERATOR,
      entityType: 'user',
      entityId: userId,
      unitId: unit.id,
      details: { email, displayName: input.displayName, kind: input.kind ?? 'person', unitCode: unit.code },
      at: now,
    });
    await writeAudit(tx, {
      action: 'grant.create',
      actor: OPERATOR,
      entityType: 'user',
      entityId: userId,
      unitId: unit.id,
      details: { grantId, role: input.role, unitCode: unit.code },
      at: now,
    });
    return { userId, setupLink };
  });
}

export async function createTokenAsOperator(
  database: Database,
  settings: AccessSettings,
  input: { email: string; name: string; days: number; permissions?: Permission[] },
): Promise<{ token: string; info: ApiToken }> {
  const owner = await repo.findUserByEmail(database, input.email.trim().toLowerCase());
  if (!owner || !owner.active)
    throw new AppError('user.not_found', { detail: `There is no active account ${input.email}.` });
  return createTokenFor(
    database,
    settings,
    null,
    owner,
    { name: input.name, days: input.days, ...(input.permissions ? { permissions: input.permissions } : {}) },
    OPERATOR,
  );
}

/**
 * On a first start without the demo: when there is no account yet, creates the first system-admin
 * at the root unit (creating a root unit "LV" when there is none) and returns its one-time setup
 * link; null when accounts exist.
 */
export async function ensureFirstAdmin(
  database: Database,
  settings: AccessSettings,
  options: { email?: string } = {},
): Promise<{ email: string; unitCode: string; setupLink: string } | null> {
  // Several instances may start at once: one creates the administrator, the others see it. The
  // advisory lock serialises processes (PostgreSQL); the promise chain calls within one process.
  const run = firstAdminQueue.then(() =>
    database.withLock(FIRST_ADMIN_LOCK_KEY, () => createFirstAdmin(database, settings, options)),
  );
  firstAdminQueue = run.catch(() => undefined);
  return run;
}

let firstAdminQueue: Promise<unknown> = Promise.resolve();

const FIRST_ADMIN_LOCK_KEY = 7_345_011;

async function createFirstAdmin(
  database: Database,
  settings: AccessSettings,
  options: { email?: string },
): Promise<{ email: string; unitCode: string; setupLink: string } | null> {
  if ((await repo.countUsers(database)) > 0) return null;
  const root =
    (await repo.findRootUnit(database)) ??
    (await repo.insertRootUnit(database, { code: 'LV', name: 'Landesverband' }));
  const email = options.email ?? FIRST_ADMIN_EMAIL;
  const { setupLink } = await createUserAsOperator(database, settings, {
    email,
    displayName: 'Administrator',
    role: 'system-admin',
    unitCode: root.code,
  });
  return { email, unitCode: root.code, setupLink: setupLink! };
}

/** The first administrator's sign-in name until they change it (PATCH /users/{id}). */
export const FIRST_ADMIN_EMAIL = 'admin@servicestelle.invalid';

/**
 * The demo's accounts, one per predefined role, with one documented password and TOTP secret
 * (docs/security.md, "Demo accounts"). Only for the demo: anyone can read these credentials.
 */
export const demoAccounts: readonly {
  email: string;
  displayName: string;
  role: RoleKey;
  unitCode: string;
}[] = [
  {
    email: 'landesgeschaeftsstelle@musterpartei.example',
    displayName: 'Lena Landes (Demo)',
    role: 'state-admin',
    unitCode: 'HE',
  },
  {
    email: 'kv-fulda@musterpartei.example',
    displayName: 'Karl Kreis (Demo)',
    role: 'district-admin',
    unitCode: 'HE-06631',
  },
  {
    email: 'schatzmeisterin-fulda@musterpartei.example',
    displayName: 'Sara Schatz (Demo)',
    role: 'district-treasurer',
    unitCode: 'HE-06631',
  },
  {
    email: 'ov-fulda@musterpartei.example',
    displayName: 'Olaf Ort (Demo)',
    role: 'local-chair',
    unitCode: 'HE-06631009',
  },
  {
    email: 'datenschutz@musterpartei.example',
    displayName: 'Dana Schutz (Demo)',
    role: 'data-protection-officer',
    unitCode: 'HE',
  },
  {
    email: 'admin@musterpartei.example',
    displayName: 'Sven System (Demo)',
    role: 'system-admin',
    unitCode: 'HE',
  },
];
export const DEMO_PASSWORD = 'Demo-Servicestelle-2026';
/** Base32; add it to any authenticator app (or: oathtool --totp -b <secret>). */
export const DEMO_TOTP_SECRET = 'SERVICESTELLEDEMOMUSTERPARTEI234';

/**
 * Creates the demo accounts whose units exist (skipping ones that exist already). Called by the
 * demo loader after the units are in place.
 */
export async function createDemoAccounts(database: Database): Promise<number> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = new Date();
  let created = 0;
  for (const account of demoAccounts) {
    const unit = await repo.findUnitRefByCode(database, account.unitCode);
    if (!unit || (await repo.findUserByEmail(database, account.email))) continue;
    await withAppRole(database, async (tx) => {
      const userId = await repo.insertUser(tx, {
        email: account.email,
        displayName: account.displayName,
        kind: 'person',
        unitId: unit.id,
        passwordHash,
        at: now,
      });
      await repo.updateUser(tx, userId, { totpSecret: plainSecret(DEMO_TOTP_SECRET) }, now);
      const grantId = await repo.insertGrant(tx, {
        userId,
        role: account.role,
        unitId: unit.id,
        createdBy: null,
        at: now,
      });
      await writeAudit(tx, {
        action: 'grant.create',
        actor: { userId: null, name: 'demo loader' },
        entityType: 'user',
        entityId: userId,
        unitId: unit.id,
        details: { grantId, role: account.role, unitCode: unit.code, demo: true },
        at: now,
      });
    });
    created++;
  }
  return created;
}

/** Deletes the demo accounts (before the demo is replaced; its units go, and the accounts with them). */
export async function removeDemoAccounts(database: Database): Promise<void> {
  await database.query('DELETE FROM users WHERE email = ANY ($1::text[])', [
    `{${demoAccounts.map((a) => a.email).join(',')}}`,
  ]);
}

/** Ends sessions and attempts that carry no information any more (housekeeping). */
export async function pruneLoginAttempts(database: Database, settings: AccessSettings): Promise<void> {
  await repo.deleteLoginAttemptsBefore(
    database,
    new Date(settings.clock().getTime() - 2 * LOCKOUT_WINDOW_MS),
  );
}
