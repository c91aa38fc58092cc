import { z } from 'zod';

/**
 * Audit actions are `entity.verb`. The ones written today; modules add their own in the same form.
 * Reads never store the values read, writes store changed fields before → after (never secrets).
 */
export const knownAuditActions = [
  'member.read',
  'member.list',
  'member.search',
  'member.create',
  'member.update',
  'member.delete',
  'member.export',
  'member.access_report',
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.logout_all',
  'auth.password_reset_requested',
  'auth.password_changed',
  'auth.setup_completed',
  'auth.2fa_enabled',
  'auth.2fa_disabled',
  'auth.recovery_code_used',
  'user.create',
  'user.update',
  'user.deactivate',
  'grant.create',
  'grant.delete',
  'grant.refused',
  'token.create',
  'token.revoke',
  'audit.checkpoint',
  'member.transition',
  'member.transfer_list',
  'member.function_add',
  'member.function_end',
  'member.mandate_add',
  'member.mandate_end',
  'member.merge',
  'member.merge_undo',
  'member.duplicate_check',
  'member.duplicate_scan',
  'member.count',
  'member.import',
  'member.import_check',
  'member.statuses_applied',
  'statistics.read',
  'delegates.allocate',
] as const;

export const auditActionSchema = z.string().regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, 'entity.verb');

export const auditEntrySchema = z
  .object({
    seq: z.number().int(),
    occurredAt: z.iso.datetime(),
    actorUserId: z.number().int().nullable(),
    actorTokenId: z.number().int().nullable(),
    actorName: z.string().nullable(),
    action: z.string(),
    entityType: z.string().nullable(),
    entityId: z.string().nullable(),
    unitId: z.number().int().nullable(),
    subjectIds: z.array(z.number().int()).nullable(),
    purpose: z.string().nullable(),
    basis: z.array(z.object({ role: z.string(), unitCode: z.string() })).nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z.object({
  action: z.string().max(64).optional().describe('Exact action, or a prefix ending in a dot (member.)'),
  actor: z.coerce.number().int().optional().describe('Account id'),
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  member: z.coerce.number().int().optional().describe('Entries concerning this member'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.coerce.number().int().optional().describe('Page backwards: entries with seq below this'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditPageSchema = z
  .object({ items: z.array(auditEntrySchema), nextBefore: z.number().int().nullable() })
  .meta({ id: 'AuditPage' });

export const auditProblemSchema = z.object({
  seq: z.number().int().nullable(),
  kind: z.enum([
    'hash_mismatch',
    'chain_broken',
    'sequence_gap',
    'checkpoint_signature',
    'checkpoint_mismatch',
    'truncated',
    'unknown_key',
  ]),
  message: z.string(),
});
export const auditVerifyResultSchema = z
  .object({
    ok: z.boolean(),
    entries: z.number().int(),
    headHash: z.string().nullable(),
    checkpoints: z.number().int(),
    lastCheckpoint: z.object({ entryCount: z.number().int(), createdAt: z.iso.datetime() }).nullable(),
    firstProblem: auditProblemSchema.nullable(),
  })
  .meta({ id: 'AuditVerifyResult' });
export type AuditVerifyResult = z.infer<typeof auditVerifyResultSchema>;

export const accessReportEntrySchema = z.object({
  occurredAt: z.iso.datetime(),
  action: z.string(),
  what: z.object({ de: z.string(), en: z.string() }).describe('The access in plain words'),
  account: z.string().nullable(),
  roles: z.array(z.object({ role: z.string(), roleName: z.string(), unitCode: z.string() })),
  purpose: z.string().nullable(),
  changedFields: z.array(z.string()).nullable(),
});
export const accessReportSchema = z
  .object({
    member: z.object({
      id: z.number().int(),
      memberNumber: z.string().nullable(),
      name: z.string(),
      address: z.array(z.string()),
    }),
    generatedAt: z.iso.datetime(),
    entries: z.array(accessReportEntrySchema),
  })
  .meta({ id: 'AccessReport' });
export type AccessReport = z.infer<typeof accessReportSchema>;
