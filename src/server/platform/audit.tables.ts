import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The audit trail: append-only and hash-chained. `seq` counts from 1 without gaps;
 * hash = sha256(prev_hash || canonical_json(entry)). The application role may only INSERT and
 * SELECT; a trigger refuses UPDATE, DELETE and TRUNCATE for everyone (migration 0003).
 * No foreign keys on purpose: the trail outlives the accounts, members and units it names.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    actorUserId: integer('actor_user_id'),
    actorTokenId: integer('actor_token_id'),
    /** The account's e-mail address at the time (accounts can be renamed). */
    actorName: text('actor_name'),
    /** e.g. member.read, member.list, auth.login, grant.create. */
    action: text('action').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    /** The unit of the entity concerned, for scoped audit browsing. */
    unitId: integer('unit_id'),
    /** Members concerned (one for a read, the returned ids for a list): the access report's index. */
    subjectIds: bigint('subject_ids', { mode: 'number' }).array(),
    /** Why: the purpose stated for an export or access report. */
    purpose: text('purpose'),
    /** The grants that allowed the access: [{ role, unitCode }]. */
    basis: jsonb('basis'),
    /** Before → after for writes, the query and count/digest for lists; never secrets or read values. */
    details: jsonb('details'),
    requestId: text('request_id'),
    ip: text('ip'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_actor_idx').on(t.actorUserId, t.seq),
    index('audit_log_action_idx').on(t.action, t.seq),
    index('audit_log_occurred_idx').on(t.occurredAt),
    index('audit_log_subjects_idx').using('gin', t.subjectIds),
  ],
);

/**
 * Signed checkpoints: the entry count and head hash at a moment, signed with an Ed25519 key that is
 * kept outside the database. Cutting off the newest entries leaves a checkpoint pointing past the
 * end, which `audit verify` reports.
 */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  entryCount: bigint('entry_count', { mode: 'number' }).notNull(),
  headHash: text('head_hash').notNull(),
  /** SHA-256 fingerprint of the public key, so that keys can be rotated. */
  keyId: text('key_id').notNull(),
  signature: text('signature').notNull(),
});
