import { roles } from '@/contracts/access';
import type { AccessReport, AuditEntry, AuditQuery, AuditVerifyResult } from '@/contracts/audit';
import type { Database } from '@/server/db/database';
import { withAppRole, withScope, type Sql } from '@/server/db/scoped';
import { AUDIT_LOCK_KEY, GENESIS_HASH, entryHash, recordFromRow, writeAudit } from '@/server/platform/audit';
import type { ServiceContext } from '@/server/platform/context';
import { AppError } from '@/server/platform/errors';
import type { Logger } from '@/server/platform/logger';
import { can, unitIdsWith, type Actor } from '@/server/platform/scope';
import * as repo from '@/server/modules/audit/audit.repository';
import {
  checkpointSignatureValid,
  ephemeralSigningKey,
  loadSigningKey,
  signCheckpoint,
  type SigningKey,
} from '@/server/modules/audit/signing';

export interface AuditSettings {
  signingKey: SigningKey;
  clock: () => Date;
}

/** The signing key from its file (created on first use), or one for this process only. */
export function createAuditSettings(options: {
  signingKeyFile?: string | undefined;
  clock?: (() => Date) | undefined;
}): AuditSettings {
  return {
    signingKey: options.signingKeyFile
      ? loadSigningKey(options.signingKeyFile, { create: true })
      : ephemeralSigningKey(),
    clock: options.clock ?? (() => new Date()),
  };
}

type Problem = NonNullable<AuditVerifyResult['firstProblem']>;

function toEntry(row: Record<string, unknown>): AuditEntry {
  const r = recordFromRow(row);
  return {
    seq: r.seq,
    occurredAt: r.occurredAt,
    actorUserId: r.actorUserId,
    actorTokenId: r.actorTokenId,
    actorName: r.actorName,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    unitId: r.unitId,
    subjectIds: r.subjectIds,
    purpose: r.purpose,
    basis: r.basis,
    details: r.details,
    requestId: r.requestId,
    ip: r.ip,
    hash: r.hash,
  };
}

// ---------------------------------------------------------------------------------------------
// Checkpoints

/**
 * Signs the current head (entry count and hash) and stores it. Skips when nothing was appended
 * since the last checkpoint, unless forced. Returns the count signed, or null when skipped.
 */
export async function writeCheckpoint(
  database: Database,
  settings: AuditSettings,
  options: { force?: boolean } = {},
): Promise<{ entryCount: number; headHash: string } | null> {
  return withAppRole(database, async (tx) => {
    // The writers' lock: the head cannot move while it is read and signed.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
    const head = await repo.head(tx);
    const entryCount = head?.seq ?? 0;
    if (!options.force && entryCount === (await repo.lastCheckpointCount(tx))) return null;
    const headHash = head?.hash ?? GENESIS_HASH;
    const createdAt = settings.clock().toISOString();
    const signature = signCheckpoint(settings.signingKey, { entryCount, headHash, createdAt });
    await repo.insertCheckpoint(tx, {
      createdAt,
      entryCount,
      headHash,
      keyId: settings.signingKey.keyId,
      signature,
    });
    return { entryCount, headHash };
  });
}

/** Writes a checkpoint every `minutes` when the trail grew; stop() clears the timer. */
export function startCheckpointTimer(
  database: Database,
  settings: AuditSettings,
  minutes: number,
  log: Logger,
): { stop(): Promise<void> } {
  if (minutes <= 0) return { stop: async () => undefined };
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = writeCheckpoint(database, settings).catch((error: unknown) =>
      log.error({ err: error }, 'writing the audit checkpoint failed'),
    );
  };
  const timer = setInterval(tick, minutes * 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      // A last checkpoint at shutdown: the newest entries are covered too.
      await writeCheckpoint(database, settings).catch((error: unknown) =>
        log.error({ err: error }, 'writing the audit checkpoint failed'),
      );
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Verification

/**
 * Checks the whole trail: every entry's hash, the chain of prev_hash links, gap-free numbering,
 * and every checkpoint (signature with the key from outside the database, and that the entry it
 * names is still there with the same hash). Reports the first problem by entry number.
 */
export async function verifyAuditTrail(
  db: Sql,
  key: Pick<SigningKey, 'keyId' | 'publicKey' | 'privateKey'>,
  options: { batch?: number } = {},
): Promise<AuditVerifyResult> {
  const batch = options.batch ?? 5000;
  let problem: Problem | null = null;
  const note = (p: Problem) => {
    if (!problem || (p.seq ?? Infinity) < (problem.seq ?? Infinity)) problem = p;
  };
  let expected = 1;
  let prev = GENESIS_HASH;
  let count = 0;
  let last = 0;
  const hashes = new Map<number, string>();
  const checkpoints = await repo.checkpoints(db);
  const wanted = new Set(checkpoints.map((c) => c.entryCount));
  outer: for (;;) {
    const rows = await repo.entriesAfter(db, last, batch);
    if (rows.length === 0) break;
    for (const row of rows) {
      const r = recordFromRow(row);
      last = r.seq;
      count++;
      if (wanted.has(r.seq)) hashes.set(r.seq, r.hash);
      if (problem) continue;
      if (r.seq !== expected) {
        note({
          seq: expected,
          kind: 'sequence_gap',
          message: `entry #${expected} is missing (the next entry found is #${r.seq})`,
        });
      } else if (r.prevHash !== prev) {
        note({
          seq: r.seq,
          kind: 'chain_broken',
          message: `entry #${r.seq} does not link to the entry before it`,
        });
      } else if (entryHash(r.prevHash, r) !== r.hash) {
        note({
          seq: r.seq,
          kind: 'hash_mismatch',
          message: `entry #${r.seq} was changed after it was written`,
        });
      }
      if (problem) continue;
      expected = r.seq + 1;
      prev = r.hash;
      if (count > 50_000_000) break outer;
    }
  }
  const headSeq = last;
  for (const c of checkpoints) {
    const createdAt = c.createdAt.toISOString();
    if (c.keyId !== key.keyId) {
      note({
        seq: c.entryCount || null,
        kind: 'unknown_key',
        message: `checkpoint ${c.id} (${createdAt}) was signed with key ${c.keyId}, not with ${key.keyId}`,
      });
      continue;
    }
    if (!checkpointSignatureValid(key as SigningKey, { ...c, createdAt })) {
      note({
        seq: c.entryCount || null,
        kind: 'checkpoint_signature',
        message: `checkpoint ${c.id} (${createdAt}) has an invalid signature`,
      });
      continue;
    }
    if (c.entryCount === 0) continue;
    if (c.entryCount > headSeq) {
      note({
        seq: headSeq + 1,
        kind: 'truncated',
        message: `entries #${headSeq + 1} to #${c.entryCount} are missing: checkpoint ${c.id} (${createdAt}) covers ${c.entryCount} entries, the trail ends at #${headSeq}`,
      });
    } else if (hashes.get(c.entryCount) !== c.headHash) {
      note({
        seq: c.entryCount,
        kind: 'checkpoint_mismatch',
        message: `entry #${c.entryCount} differs from what checkpoint ${c.id} (${createdAt}) signed`,
      });
    }
  }
  const lastCheckpoint = checkpoints.at(-1);
  return {
    ok: problem === null,
    entries: count,
    headHash: count > 0 ? (hashes.get(headSeq) ?? (await repo.head(db))?.hash ?? null) : null,
    checkpoints: checkpoints.length,
    lastCheckpoint: lastCheckpoint
      ? { entryCount: lastCheckpoint.entryCount, createdAt: lastCheckpoint.createdAt.toISOString() }
      : null,
    firstProblem: problem,
  };
}

// ---------------------------------------------------------------------------------------------
// Browsing (audit:read, scoped)

function requireActor(ctx: Pick<ServiceContext, 'actor'>): Actor {
  if (!ctx.actor) throw new AppError('auth.required');
  return ctx.actor;
}

/**
 * Entries of the units where the actor holds audit:read. Entries without a unit (sign-ins,
 * failed sign-ins) only for holders of audit:read at a federal or state unit.
 */
export async function listEntries(ctx: ServiceContext, query: AuditQuery) {
  const actor = requireActor(ctx);
  const unitIds = unitIdsWith(actor, 'audit:read');
  const includeWithoutUnit = actor.grants.some(
    (g) =>
      (g.unitLevel === 'federal' || g.unitLevel === 'state') &&
      (roles[g.role]?.permissions as readonly string[] | undefined)?.includes('audit:read') &&
      can(actor, 'audit:read', g.unitId),
  );
  const rows = await repo.findEntries(ctx.database, {
    unitIds,
    includeWithoutUnit,
    ...(query.action ? { action: query.action } : {}),
    ...(query.actor !== undefined ? { actor: query.actor } : {}),
    ...(query.entityType ? { entityType: query.entityType } : {}),
    ...(query.entityId ? { entityId: query.entityId } : {}),
    ...(query.member !== undefined ? { member: query.member } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.before !== undefined ? { before: query.before } : {}),
    limit: query.limit,
  });
  const items = rows.map(toEntry);
  return { items, nextBefore: items.length === query.limit ? (items.at(-1)?.seq ?? null) : null };
}

// ---------------------------------------------------------------------------------------------
// Access report (GDPR Art. 15)

const actionWords: Record<string, { de: string; en: string }> = {
  'member.read': { de: 'hat Ihren Datensatz angesehen', en: 'viewed your record' },
  'member.list': {
    de: 'hat eine Liste angesehen, in der Sie enthalten waren',
    en: 'viewed a list that included you',
  },
  'member.search': { de: 'hat gesucht und Sie gefunden', en: 'searched and found you' },
  'member.create': { de: 'hat Ihren Datensatz angelegt', en: 'created your record' },
  'member.update': { de: 'hat Ihre Daten geändert', en: 'changed your data' },
  'member.delete': { de: 'hat Ihren Datensatz gelöscht', en: 'deleted your record' },
  'member.export': { de: 'hat Ihre Daten exportiert', en: 'exported your data' },
  'member.access_report': { de: 'hat diese Auskunft erstellt', en: 'produced this access report' },
  'member.transition': { de: 'hat Ihren Mitgliedsstatus geändert', en: 'changed your membership status' },
  'member.function_add': {
    de: 'hat eine Funktion bei Ihnen eingetragen',
    en: 'recorded a function of yours',
  },
  'member.function_end': { de: 'hat eine Ihrer Funktionen beendet', en: 'ended a function of yours' },
  'member.mandate_add': { de: 'hat ein Mandat bei Ihnen eingetragen', en: 'recorded a mandate of yours' },
  'member.mandate_end': { de: 'hat eines Ihrer Mandate beendet', en: 'ended a mandate of yours' },
  'member.merge': {
    de: 'hat doppelte Datensätze von Ihnen zusammengeführt',
    en: 'merged duplicate records of yours',
  },
  'member.merge_undo': {
    de: 'hat eine Zusammenführung Ihrer Datensätze rückgängig gemacht',
    en: 'undid a merge of your records',
  },
  'member.duplicate_check': {
    de: 'hat beim Prüfen auf Dubletten Ihren Datensatz gefunden',
    en: 'found your record when checking for duplicates',
  },
  'member.import': { de: 'hat Ihren Datensatz importiert', en: 'imported your record' },
  'member.statuses_applied': {
    de: 'Eine vorgemerkte Statusänderung wurde wirksam (automatisch)',
    en: 'a scheduled status change took effect (automatically)',
  },
};

function describe(action: string): { de: string; en: string } {
  return actionWords[action] ?? { de: `Vorgang ${action}`, en: `action ${action}` };
}

/**
 * Who read, changed or exported one member's data, when, in which role and unit, for which
 * purpose. Needs audit:read at the member's unit; writes its own entry (member.access_report).
 */
export async function accessReport(
  ctx: ServiceContext,
  memberId: number,
  purpose?: string,
): Promise<AccessReport> {
  const actor = requireActor(ctx);
  // The officer sees no member lists; for the letter they may read the one member's name and
  // address in the units where they hold audit:read, and row-level security enforces exactly that.
  const auditUnits = actor.scope.units['audit:read'] ?? new Set<number>();
  const letterActor: Actor = {
    ...actor,
    scope: { units: { 'member:read': auditUnits }, fullMemberFields: new Set() },
  };
  return withScope(ctx.database, letterActor, async (tx) => {
    const member = await repo.findMemberAddress(tx, memberId);
    if (!member || !can(actor, 'audit:read', member.unitId)) throw new AppError('member.not_found');
    const rows = await repo.entriesForMember(tx, memberId);
    const generatedAt = new Date();
    await writeAudit(tx, {
      action: 'member.access_report',
      entityType: 'member',
      entityId: memberId,
      unitId: member.unitId,
      subjectIds: [memberId],
      purpose: purpose ?? 'Auskunft nach Art. 15 DSGVO',
      at: generatedAt,
    });
    const entries = rows.map(recordFromRow).map((r) => {
      const after = (r.details as { after?: Record<string, unknown> } | null)?.after;
      return {
        occurredAt: r.occurredAt,
        action: r.action,
        what: describe(r.action),
        account: r.actorName,
        roles: (r.basis ?? []).map((b) => ({
          role: b.role,
          roleName: roles[b.role as keyof typeof roles]?.name.de ?? b.role,
          unitCode: b.unitCode,
        })),
        purpose: r.purpose,
        changedFields: after && typeof after === 'object' ? Object.keys(after) : null,
      };
    });
    const name = [member.title, member.firstName, member.lastName].filter(Boolean).join(' ');
    const address = [
      name,
      member.addressExtra,
      [member.street, member.houseNumber].filter(Boolean).join(' '),
      [member.postcode, member.city].filter(Boolean).join(' '),
    ].filter((line): line is string => Boolean(line && line.trim()));
    return {
      member: { id: member.id, memberNumber: member.memberNumber, name, address },
      generatedAt: generatedAt.toISOString(),
      entries,
    };
  });
}
