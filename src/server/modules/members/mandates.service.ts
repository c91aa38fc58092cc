import { z } from 'zod';
import type {
  catalogueEntrySchema,
  functionInputSchema,
  functionSchema,
  mandateDirectoryEntrySchema,
  mandateInputSchema,
  mandateLevels,
  mandateSchema,
} from '@/contracts/members';
import { withScope, type ScopedTx } from '@/server/db/scoped';
import { summariseIds, writeAudit } from '@/server/platform/audit';
import type { ServiceContext } from '@/server/platform/context';
import { AppError } from '@/server/platform/errors';
import { can, unitIdsWith, type Actor } from '@/server/platform/scope';
import * as orgUnits from '@/server/modules/org-units/org-units.service';
import * as repo from '@/server/modules/members/members.repository';
import { germanToday } from '@/contracts/dates';

type CatalogueEntry = z.infer<typeof catalogueEntrySchema>;
type MemberFunction = z.infer<typeof functionSchema>;
type MemberMandate = z.infer<typeof mandateSchema>;
type MandateDirectoryEntry = z.infer<typeof mandateDirectoryEntrySchema>;
type MandateLevel = (typeof mandateLevels)[number];

function requireActor(ctx: ServiceContext): Actor {
  if (!ctx.actor) throw new AppError('auth.required');
  return ctx.actor;
}

const toEntry = (r: repo.CatalogueRow): CatalogueEntry => ({
  code: r.code,
  name: r.name,
  nameEn: r.name_en,
  level: (r.level as MandateLevel | null) ?? null,
  active: r.active,
});

/** The configurable catalogues: functions (Ämter), mandates, associations (Vereinigungen). */
export async function catalogues(
  ctx: ServiceContext,
): Promise<{ functions: CatalogueEntry[]; mandates: CatalogueEntry[]; associations: CatalogueEntry[] }> {
  const rows = await repo.findCatalogue(ctx.database);
  return {
    functions: rows.filter((r) => r.kind === 'function').map(toEntry),
    mandates: rows.filter((r) => r.kind === 'mandate').map(toEntry),
    associations: rows.filter((r) => r.kind === 'association').map(toEntry),
  };
}

async function catalogueEntry(
  ctx: ServiceContext,
  kind: repo.CatalogueRow['kind'],
  code: string,
): Promise<repo.CatalogueRow> {
  const entry = (await repo.findCatalogue(ctx.database)).find(
    (r) => r.kind === kind && r.code === code && r.active,
  );
  if (!entry) {
    throw new AppError('catalogue.unknown_code', {
      detail: `"${code}" is not in the ${kind} catalogue.`,
      details: { kind, codes: [code] },
    });
  }
  return entry;
}

function toFunction(
  r: repo.FunctionRow,
  names: Map<string, string>,
  directory: orgUnits.UnitDirectory,
): MemberFunction {
  return {
    id: r.id,
    memberId: r.member_id,
    code: r.function_code,
    name: names.get(`function:${r.function_code}`) ?? r.function_code,
    unitCode: directory.byId.get(r.unit_id)?.code ?? 'UNKNOWN',
    startDate: r.start_date,
    endDate: r.end_date,
    note: r.note,
  };
}

function toMandate(
  r: repo.MandateRow,
  catalogue: repo.CatalogueRow[],
  directory: orgUnits.UnitDirectory,
): MemberMandate {
  const entry = catalogue.find((c) => c.kind === 'mandate' && c.code === r.mandate_code);
  return {
    id: r.id,
    memberId: r.member_id,
    code: r.mandate_code,
    name: entry?.name ?? r.mandate_code,
    level: (entry?.level as MandateLevel | undefined) ?? 'local',
    body: r.body,
    constituency: r.constituency,
    unitCode: r.unit_id === null ? null : (directory.byId.get(r.unit_id)?.code ?? null),
    startDate: r.start_date,
    endDate: r.end_date,
  };
}

async function memberInScope(
  tx: ScopedTx,
  actor: Actor,
  memberId: number,
  write: boolean,
): Promise<repo.MemberRow> {
  const row = await repo.findMember(tx, memberId);
  if (!row)
    throw new AppError('member.not_found', { detail: `There is no member ${memberId} that you may see.` });
  if (write && !can(actor, 'member:update', row.unit_id)) {
    throw new AppError('auth.forbidden', { detail: 'You may not change this member.' });
  }
  return row;
}

/**
 * A function or mandate held in a unit is recorded by someone who may change members there too:
 * a Kreisverband's office records its members' offices in its own units, the state office those in
 * the Landesverband's. Without a unit (a Bundestag mandate), the member's unit decides alone.
 */
function requireUnitWrite(actor: Actor, unit: { id: number; name: string } | null, what: string): void {
  if (unit && !can(actor, 'member:update', unit.id)) {
    throw new AppError('auth.forbidden', {
      detail: `You may not record ${what} in ${unit.name}: that unit is outside the units you may change.`,
    });
  }
}

export async function functionsAndMandates(
  ctx: ServiceContext,
  memberId: number,
): Promise<{ functions: MemberFunction[]; mandates: MemberMandate[] }> {
  const actor = requireActor(ctx);
  const directory = await orgUnits.unitDirectory(ctx.database);
  const catalogue = await repo.findCatalogue(ctx.database);
  const names = new Map(catalogue.map((c) => [`${c.kind}:${c.code}`, c.name]));
  return withScope(ctx.database, actor, async (tx) => {
    const row = await memberInScope(tx, actor, memberId, false);
    // One after the other: a transaction's statements run on one connection anyway.
    const functions = await repo.findFunctions(tx, memberId);
    const mandates = await repo.findMandates(tx, memberId);
    await writeAudit(tx, {
      action: 'member.read',
      entityType: 'member',
      entityId: memberId,
      unitId: row.unit_id,
      subjectIds: [memberId],
      details: { part: 'functions_mandates' },
    });
    return {
      functions: functions.map((f) => toFunction(f, names, directory)),
      mandates: mandates.map((m) => toMandate(m, catalogue, directory)),
    };
  });
}

export async function addFunction(
  ctx: ServiceContext,
  memberId: number,
  input: z.infer<typeof functionInputSchema>,
): Promise<MemberFunction> {
  const actor = requireActor(ctx);
  const entry = await catalogueEntry(ctx, 'function', input.code);
  const { unit, directory } = await orgUnits.unitByCode(ctx.database, input.unitCode);
  requireUnitWrite(actor, unit, 'a function');
  return withScope(ctx.database, actor, async (tx) => {
    const row = await memberInScope(tx, actor, memberId, true);
    const id = await repo.insertFunction(tx, {
      memberId,
      code: input.code,
      unitId: unit.id,
      startDate: input.startDate,
      endDate: input.endDate ?? null,
      note: input.note ?? null,
    });
    await writeAudit(tx, {
      action: 'member.function_add',
      entityType: 'member',
      entityId: memberId,
      unitId: row.unit_id,
      subjectIds: [memberId],
      details: {
        after: {
          id,
          code: input.code,
          unitCode: unit.code,
          startDate: input.startDate,
          endDate: input.endDate ?? null,
        },
      },
    });
    return toFunction(
      {
        id,
        member_id: memberId,
        function_code: input.code,
        unit_id: unit.id,
        start_date: input.startDate,
        end_date: input.endDate ?? null,
        note: input.note ?? null,
      },
      new Map([[`function:${entry.code}`, entry.name]]),
      directory,
    );
  });
}

export async function addMandate(
  ctx: ServiceContext,
  memberId: number,
  input: z.infer<typeof mandateInputSchema>,
): Promise<MemberMandate> {
  const actor = requireActor(ctx);
  const entry = await catalogueEntry(ctx, 'mandate', input.code);
  const located = input.unitCode ? await orgUnits.unitByCode(ctx.database, input.unitCode) : null;
  const directory = located?.directory ?? (await orgUnits.unitDirectory(ctx.database));
  requireUnitWrite(actor, located?.unit ?? null, 'a mandate');
  return withScope(ctx.database, actor, async (tx) => {
    const row = await memberInScope(tx, actor, memberId, true);
    const mandate = {
      memberId,
      code: input.code,
      body: input.body ?? null,
      constituency: input.constituency ?? null,
      unitId: located?.unit.id ?? null,
      startDate: input.startDate,
      endDate: input.endDate ?? null,
    };
    const id = await repo.insertMandate(tx, mandate);
    await writeAudit(tx, {
      action: 'member.mandate_add',
      entityType: 'member',
      entityId: memberId,
      unitId: row.unit_id,
      subjectIds: [memberId],
      details: { after: { id, ...mandate, unitCode: located?.unit.code ?? null } },
    });
    return toMandate(
      {
        id,
        member_id: memberId,
        mandate_code: input.code,
        body: mandate.body,
        constituency: mandate.constituency,
        unit_id: mandate.unitId,
        start_date: mandate.startDate,
        end_date: mandate.endDate,
      },
      [entry],
      directory,
    );
  });
}

/** Ends a function or mandate on its last day. */
export async function endFunctionOrMandate(
  ctx: ServiceContext,
  kind: 'function' | 'mandate',
  memberId: number,
  id: number,
  endDate: string,
): Promise<void> {
  const actor = requireActor(ctx);
  const directory = await orgUnits.unitDirectory(ctx.database);
  await withScope(ctx.database, actor, async (tx) => {
    const row = await memberInScope(tx, actor, memberId, true);
    const held =
      kind === 'function'
        ? (await repo.findFunctions(tx, memberId)).find((f) => Number(f.id) === id)
        : (await repo.findMandates(tx, memberId)).find((m) => Number(m.id) === id);
    const heldIn = held?.unit_id == null ? null : (directory.byId.get(held.unit_id) ?? null);
    requireUnitWrite(actor, heldIn, kind === 'function' ? 'the end of a function' : 'the end of a mandate');
    const ended =
      kind === 'function'
        ? await repo.endFunction(tx, memberId, id, endDate)
        : await repo.endMandate(tx, memberId, id, endDate);
    if (!ended)
      throw new AppError('member.function_not_found', { detail: `The member has no ${kind} ${id}.` });
    await writeAudit(tx, {
      action: kind === 'function' ? 'member.function_end' : 'member.mandate_end',
      entityType: 'member',
      entityId: memberId,
      unitId: row.unit_id,
      subjectIds: [memberId],
      details: { id, after: { endDate } },
    });
  });
}

/** The directory of mandate holders, by level and unit (subtree), active on a day. */
export async function mandateDirectory(
  ctx: ServiceContext,
  query: {
    level?: MandateLevel | undefined;
    unit?: string | undefined;
    activeOn?: string | undefined;
    limit: number;
  },
): Promise<{ items: MandateDirectoryEntry[]; total: number }> {
  const actor = requireActor(ctx);
  if (unitIdsWith(actor, 'member:read').length === 0) {
    throw new AppError('auth.forbidden', { detail: 'You may not read member data in any unit.' });
  }
  const catalogue = await repo.findCatalogue(ctx.database);
  let directory = await orgUnits.unitDirectory(ctx.database);
  let unitIds: number[] | null = null;
  if (query.unit) {
    const found = await orgUnits.unitByCode(ctx.database, query.unit);
    directory = found.directory;
    unitIds = directory.subtreeIds(found.unit.id);
  }
  const codes = query.level
    ? catalogue.filter((c) => c.kind === 'mandate' && c.level === query.level).map((c) => c.code)
    : null;
  const activeOn = query.activeOn ?? germanToday();
  return withScope(ctx.database, actor, async (tx) => {
    const { rows, total } = await repo.findMandateDirectory(tx, {
      codes,
      unitIds,
      activeOn,
      limit: query.limit,
    });
    const summary = summariseIds(rows.map((r) => r.member_id));
    await writeAudit(tx, {
      action: 'member.list',
      subjectIds: summary.subjectIds,
      details: {
        list: 'mandates',
        level: query.level ?? null,
        unit: query.unit ?? null,
        activeOn,
        count: rows.length,
        total,
      },
    });
    return {
      items: rows.map((r) => ({
        ...toMandate(r, catalogue, directory),
        memberNumber: r.member_number,
        firstName: r.first_name,
        lastName: r.last_name,
        title: r.title,
        memberUnitCode: directory.byId.get(r.member_unit_id)?.code ?? 'UNKNOWN',
      })),
      total,
    };
  });
}
