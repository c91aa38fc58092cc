import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import { units } from '@/server/modules/org-units/org-units.tables';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** Accounts: persons sign in with e-mail, password and a second factor; service accounts use tokens only. */
export const users = pgTable(
  'users',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    /** Lower-cased. */
    email: text('email').notNull().unique(),
    displayName: text('display_name').notNull(),
    kind: text('kind', { enum: ['person', 'service'] })
      .notNull()
      .default('person'),
    /** The unit the account belongs to: admins with user:manage there manage it. */
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    /** Argon2id PHC string; null until the account's setup link is used. */
    passwordHash: text('password_hash'),
    passwordChangedAt: ts('password_changed_at'),
    /** TOTP secret, encrypted (AES-256-GCM) with the server's secret key; null without 2FA. */
    totpSecret: text('totp_secret'),
    /** Secret offered during enrolment, until a first code confirms it. */
    totpPendingSecret: text('totp_pending_secret'),
    /** The last accepted time step: a code is never accepted twice. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    active: boolean('active').notNull().default(true),
    lastLoginAt: ts('last_login_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('users_unit_idx').on(t.unitId),
    check('users_kind_check', sql`${t.kind} in ('person', 'service')`),
  ],
);

/** A role held at a unit, valid for its whole subtree. */
export const grants = pgTable(
  'grants',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    createdBy: integer('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('grants_user_role_unit_unique').on(t.userId, t.role, t.unitId),
    index('grants_unit_idx').on(t.unitId),
  ],
);

/** Sessions: the cookie holds a random token; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tokenHash: text('token_hash').notNull().unique(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** totp = password accepted, second factor pending; full = signed in. */
    stage: text('stage', { enum: ['totp', 'full'] }).notNull(),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    endedAt: ts('ended_at'),
    endReason: text('end_reason'),
  },
  (t) => [
    index('sessions_user_idx')
      .on(t.userId)
      .where(sql`${t.endedAt} is null`),
  ],
);

/** API tokens: `ss_` + random, stored as SHA-256; permissions are a subset of the owner's. */
export const apiTokens = pgTable('api_tokens', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  prefix: text('prefix').notNull(),
  permissions: text('permissions').array().notNull(),
  createdBy: integer('created_by'),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
});

/** Every sign-in attempt, for throttling that several instances agree on. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    email: text('email').notNull(),
    ip: text('ip'),
    success: boolean('success').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('login_attempts_email_idx').on(t.email, t.at), index('login_attempts_ip_idx').on(t.ip, t.at)],
);

/** One-time links: account setup and password reset. Stored as SHA-256, single use, short-lived. */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['setup', 'password_reset'] }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('account_tokens_user_idx').on(t.userId)],
);

/** Recovery codes for a lost second factor: ten, hashed, each usable once. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);
