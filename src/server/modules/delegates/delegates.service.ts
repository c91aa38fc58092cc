import { randomInt } from 'node:crypto';
import type { Allocation, AllocationRequest } from '@/contracts/delegates';
import type { Database } from '@/server/db/database';
import { withAppRole } from '@/server/db/scoped';
import { writeAudit } from '@/server/platform/audit';
import { AppError } from '@/server/platform/errors';
import { can, type Actor } from '@/server/platform/scope';
import * as orgUnits from '@/server/modules/org-units/org-units.service';
import { csvLine, UTF8_BOM } from '@/server/modules/exports/export-format';
import { allocate, AllocationError, type AllocationUnit } from '@/server/modules/delegates/allocation';
import * as repo from '@/server/modules/delegates/delegates.repository';
import * as statistics from '@/server/modules/statistics/statistics.service';
import { germanToday } from '@/contracts/dates';

const METHOD_DE: Record<AllocationRequest['method'], string> = {
  'sainte-lague': 'Sainte-Laguë/Schepers',
  'hare-niemeyer': 'Hare/Niemeyer',
  dhondt: "D'Hondt",
};

function toAllocation(row: repo.AllocationRow): Allocation {
  const result = (typeof row.result === 'string' ? JSON.parse(row.result) : row.result) as ReturnType<
    typeof allocate
  >;
  return {
    id: row.id,
    level: row.level as Allocation['level'],
    parent: row.parent_code,
    seats: row.seats,
    method: row.method as Allocation['method'],
    cutoff: row.cutoff,
    minimumSeats: row.minimum_seats,
    basicSeats: row.basic_seats,
    seed: Number(row.seed),
    total: result.total,
    divisor: result.divisor,
    quotaBase: result.quotaBase,
    units: result.units,
    ties: result.ties,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * Counts the members (status member) of every unit of the level below `parent` on the cut-off
 * date, allocates the seats, and stores request, seed, count snapshot and result together.
 * Only aggregate counts leave the database; the caller needs member:read at the parent unit.
 */
export async function allocateDelegates(
  database: Database,
  actor: Actor | null,
  request: AllocationRequest,
  options: { operator?: string } = {},
): Promise<Allocation> {
  const today = germanToday();
  if (request.cutoff > today) {
    // The counts of a day to come would change after the allocation was stored (as the form says).
    throw new AppError('delegates.invalid', {
      detail: `The cut-off date ${request.cutoff} is in the future: only people who are members on that day can be counted. Choose ${today} or an earlier day.`,
      errors: [{ path: 'body.cutoff', message: 'must not be after today' }],
    });
  }
  const directory = await orgUnits.unitDirectory(database);
  const parent = request.parent
    ? directory.byCode.get(request.parent)
    : (directory.all.find((u) => u.level === 'state') ?? directory.all.find((u) => u.level === 'federal'));
  if (!parent)
    throw new AppError('unit.not_found', { detail: `There is no unit ${request.parent ?? '(state)'}.` });
  if (actor && !can(actor, 'member:read', parent.id)) {
    throw new AppError('auth.forbidden', { detail: `You may not count the members below ${parent.name}.` });
  }
  const targets = directory.all.filter((u) => u.level === request.level && u.path.startsWith(parent.path));
  if (targets.length === 0) {
    throw new AppError('delegates.invalid', {
      detail: `No unit of level ${request.level} below ${parent.name}.`,
    });
  }
  const perUnit = await statistics.memberCountsByUnit(database, request.cutoff);
  const units: AllocationUnit[] = targets.map((t) => ({
    code: t.code,
    name: t.name,
    count: directory.subtreeIds(t.id).reduce((sum, id) => sum + (perUnit.get(id) ?? 0), 0),
  }));
  const seed = request.seed ?? randomInt(0, 2 ** 31);
  let result: ReturnType<typeof allocate>;
  try {
    result = allocate(units, {
      seats: request.seats,
      method: request.method,
      seed,
      ...(request.minimumSeats !== undefined ? { minimumSeats: request.minimumSeats } : {}),
      ...(request.basicSeats !== undefined ? { basicSeats: request.basicSeats } : {}),
    });
  } catch (error) {
    if (error instanceof AllocationError) throw new AppError('delegates.invalid', { detail: error.message });
    throw error;
  }
  const row = await repo.insertAllocation(database, {
    level: request.level,
    parent_code: parent.code,
    seats: request.seats,
    method: request.method,
    cutoff: request.cutoff,
    minimum_seats: request.minimumSeats ?? 0,
    basic_seats: request.basicSeats ?? 0,
    seed,
    counts: units,
    result,
    created_by: actor?.userId ?? null,
  });
  await withAppRole(database, (tx) =>
    writeAudit(tx, {
      action: 'delegates.allocate',
      entityType: 'delegate_allocation',
      entityId: row.id,
      unitId: parent.id,
      details: { ...request, seed, total: result.total, units: units.length, ties: result.ties.length },
      ...(actor
        ? { actor: { userId: actor.userId, name: actor.email } }
        : { actor: { userId: null, name: options.operator ?? 'cli' } }),
    }),
  );
  return toAllocation(row);
}

/**
 * An allocation holds the member counts of every unit below its parent, so reading it needs the
 * same right as computing it: member:read at the parent unit. Without an actor (CLI): everything.
 */
async function mayRead(
  database: Database,
  actor: Actor | null,
): Promise<(row: repo.AllocationRow) => boolean> {
  if (!actor) return () => true;
  const directory = await orgUnits.unitDirectory(database);
  return (row) => {
    const parent = directory.byCode.get(row.parent_code);
    return parent !== undefined && can(actor, 'member:read', parent.id);
  };
}

export async function getAllocation(
  database: Database,
  id: number,
  actor: Actor | null = null,
): Promise<Allocation> {
  const row = await repo.findAllocation(database, id);
  if (!row || !(await mayRead(database, actor))(row)) {
    throw new AppError('delegates.not_found', {
      detail: `There is no delegate allocation ${id} that you may see.`,
    });
  }
  return toAllocation(row);
}

export async function listAllocations(database: Database, actor: Actor | null = null): Promise<Allocation[]> {
  const visible = await mayRead(database, actor);
  return (await repo.listAllocations(database, 100)).filter(visible).map(toAllocation);
}

/** Recomputes a stored allocation from its snapshot and seed: the same table, or a sign of tampering. */
export function reproduce(allocation: Allocation): ReturnType<typeof allocate> {
  return allocate(
    allocation.units.map(({ code, name, count }) => ({ code, name, count })),
    {
      seats: allocation.seats,
      method: allocation.method,
      seed: allocation.seed,
      minimumSeats: allocation.minimumSeats,
      basicSeats: allocation.basicSeats,
    },
  );
}

const round = (n: number) => n.toLocaleString('de-DE', { maximumFractionDigits: 4, useGrouping: false });

/** The table for Excel (UTF-8 with BOM, semicolons). */
export function allocationCsv(a: Allocation): string {
  const quotaHeader = a.method === 'hare-niemeyer' ? 'Quote' : 'Mitglieder / Divisor';
  let text =
    UTF8_BOM +
    csvLine([
      'Gliederung',
      'Name',
      'Mitglieder am Stichtag',
      'Grundmandate',
      quotaHeader,
      'Auf Mindestzahl angehoben',
      'Delegierte',
    ]);
  for (const u of a.units) {
    text += csvLine([
      u.code,
      u.name,
      u.count,
      u.basicSeats,
      round(u.quota),
      u.raisedToMinimum ? 'ja' : 'nein',
      u.seats,
    ]);
  }
  text += csvLine(['Summe', '', a.total, '', '', '', a.units.reduce((s, u) => s + u.seats, 0)]);
  return text;
}

/**
 * A participant list that OpenSlides (4.x) imports under Participants → Import: one row per seat,
 * a placeholder to be replaced by the delegate elected in that unit. Columns used (OpenSlides'
 * participant import headers): first_name, last_name, structure_level (the unit, so that speaking
 * time and lists group by it), groups (Delegierte), number (unit code and seat), vote_weight (1),
 * comment (method, cut-off date, allocation id). Comma-separated, UTF-8.
 */
export function openSlidesCsv(a: Allocation): string {
  const header = ['first_name', 'last_name', 'structure_level', 'groups', 'number', 'vote_weight', 'comment'];
  let text = csvLine(header, ',');
  for (const u of a.units) {
    for (let seat = 1; seat <= u.seats; seat++) {
      text += csvLine(
        [
          'Delegierte/r',
          `${u.name} ${seat}`,
          u.name,
          'Delegierte',
          `${u.code}-${String(seat).padStart(2, '0')}`,
          '1',
          `Sitz ${seat} von ${u.seats}; ${METHOD_DE[a.method]}, Stichtag ${a.cutoff}, Verteilung ${a.id}`,
        ],
        ',',
      );
    }
  }
  return text;
}

/** The table as aligned text for the CLI. */
export function allocationText(a: Allocation): string {
  const head = [
    'Gliederung',
    'Name',
    'Mitglieder',
    'Grund',
    a.method === 'hare-niemeyer' ? 'Quote' : 'Quotient',
    'Sitze',
  ];
  const rows = a.units.map((u) => [
    u.code,
    u.name,
    String(u.count),
    String(u.basicSeats),
    u.quota.toFixed(3),
    `${u.seats}${u.raisedToMinimum ? ' (min)' : ''}`,
  ]);
  rows.push(['Summe', '', String(a.total), '', '', String(a.units.reduce((s, u) => s + u.seats, 0))]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  const lines = [
    `${METHOD_DE[a.method]}: ${a.seats} Delegierte, Stichtag ${a.cutoff}, ${a.level} unter ${a.parent}` +
      (a.basicSeats ? `, ${a.basicSeats} Grundmandat(e)` : '') +
      (a.minimumSeats ? `, mindestens ${a.minimumSeats}` : ''),
    a.divisor !== null
      ? `Divisor: ${a.divisor.toFixed(4)}`
      : `Mitglieder je Sitz (Quote): ${a.quotaBase?.toFixed(4)}`,
    line(head),
    ...rows.map(line),
  ];
  for (const t of a.ties) {
    lines.push(
      `Losentscheid (Seed ${a.seed}): ${t.units.join(', ')} gleichauf bei ${t.value.toFixed(4)} um ${t.seatsAtStake} Sitz(e); Reihenfolge ${t.lotOrder.join(', ')}`,
    );
  }
  lines.push(`Gespeichert als Verteilung ${a.id} (Seed ${a.seed}).`);
  return lines.join('\n') + '\n';
}
