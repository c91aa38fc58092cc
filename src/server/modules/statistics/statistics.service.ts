import {
  ageBands,
  countedStatuses,
  genders,
  type MemberStatistics,
  type StatisticsQuery,
} from '@/contracts/statistics';
import type { MemberStatus } from '@/contracts/members';
import type { Database } from '@/server/db/database';
import { withScope } from '@/server/db/scoped';
import { writeAudit } from '@/server/platform/audit';
import type { ServiceContext } from '@/server/platform/context';
import { AppError } from '@/server/platform/errors';
import { unitIdsWith, type Actor } from '@/server/platform/scope';
import * as orgUnits from '@/server/modules/org-units/org-units.service';
import * as repo from '@/server/modules/statistics/statistics.repository';
import { germanToday } from '@/contracts/dates';

const leavingStatuses = ['resigned', 'lapsed', 'expelled', 'deceased'] as const;
/** The statuses shown per status: the counted ones and the applicants waiting for a decision. */
const shownStatuses: MemberStatus[] = ['applicant', ...countedStatuses];
/** The months of joins and leaves; migration 0014 precomputes the same 24. */
const MONTHS = 24;
const countDefinition: repo.CountDefinition = {
  bandStarts: ageBands.map((b) => b.from),
  counted: countedStatuses,
  leaving: leavingStatuses,
};

/**
 * For the daily job: counts today's figures ahead of the first reader (at a million members the
 * first count of a day takes seconds; afterwards a read takes milliseconds) and drops the days
 * nobody has asked for in `keepDays`. Returns the number of days dropped.
 */
export async function maintainStatistics(
  database: Database,
  options: { day?: string; keepDays?: number } = {},
): Promise<{ day: string; dropped: number }> {
  const day = options.day ?? germanToday();
  await repo.refreshCountsAsOwner(database, day, countDefinition);
  const keep = options.keepDays ?? 31;
  const dropped = await repo.pruneCounts(database, new Date(Date.now() - keep * 86_400_000));
  return { day, dropped };
}

/**
 * Members with one of the statuses on `asOf` per unit, for the whole installation (aggregates
 * only, no scope: the caller checks its permission first, as the delegate key does). From the
 * precomputed counts, brought up to date first.
 */
export async function memberCountsByUnit(
  database: Database,
  asOf: string,
  statuses: readonly MemberStatus[] = ['member'],
): Promise<Map<number, number>> {
  await repo.refreshCountsAsOwner(database, asOf, countDefinition);
  const rows = await repo.unitCountsAsOwner(database, asOf, statuses);
  return new Map(rows.map((r) => [Number(r.unit_id), Number(r.n)]));
}

/** The first day of the month `months` before the month of `date` (YYYY-MM-DD). */
export function monthsBefore(date: string, months: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** The `count` months ending with the month of `date`, oldest first, as YYYY-MM. */
export function monthRange(date: string, count: number): string[] {
  const months: string[] = [];
  for (let i = count - 1; i >= 0; i--) months.push(monthsBefore(date, i).slice(0, 7));
  return months;
}

function requireActor(ctx: ServiceContext): Actor {
  if (!ctx.actor) throw new AppError('auth.required');
  return ctx.actor;
}

const bandOf = (age: number) => ageBands.findIndex((b) => age >= b.from && (b.to === null || age <= b.to));

/**
 * Member statistics of a unit's subtree on a day, limited to the units where the actor holds
 * member:read. The precomputed counts of the day (brought up to date first) give the figures per
 * unit, status, gender and age band; two small queries add joins/leaves per month and mandate
 * holders. Audited with counts only.
 */
export async function memberStatistics(
  ctx: ServiceContext,
  query: StatisticsQuery,
): Promise<MemberStatistics> {
  const actor = requireActor(ctx);
  const readable = new Set(unitIdsWith(actor, 'member:read'));
  if (readable.size === 0)
    throw new AppError('auth.forbidden', { detail: 'You may not read member data in any unit.' });
  const asOf = query.asOf ?? germanToday();

  let directory = await orgUnits.unitDirectory(ctx.database);
  let selected: orgUnits.UnitInfo;
  if (query.unit) {
    const found = await orgUnits.unitByCode(ctx.database, query.unit);
    directory = found.directory;
    selected = found.unit;
    if (!readable.has(selected.id))
      throw new AppError('auth.forbidden', { detail: `You may not read member data in ${selected.name}.` });
  } else {
    // The widest unit the actor may read: a root of the readable forest (the shortest path).
    const roots = [...readable]
      .map((id) => directory.byId.get(id))
      .filter((u): u is orgUnits.UnitInfo => u !== undefined)
      .filter((u) => u.parentId === null || !readable.has(u.parentId))
      .sort((a, b) => a.path.length - b.path.length || a.name.localeCompare(b.name, 'de'));
    if (!roots[0])
      throw new AppError('auth.forbidden', { detail: 'You may not read member data in any unit.' });
    selected = roots[0];
  }
  const inSelection = directory.all.filter((u) => u.path.startsWith(selected.path) && readable.has(u.id));
  const unitIds = inSelection.map((u) => u.id);

  return withScope(ctx.database, actor, async (tx) => {
    // The whole tree selected: row-level security alone limits the rows, no filter of ~450 ids per row.
    const everything = unitIds.length === directory.all.length;
    await repo.refreshCounts(tx, asOf, countDefinition);
    // A Landesverband (or higher) read as a whole sums the roll-up per Kreisverband; a
    // Kreisverband or a partial scope needs the rows of its Gemeinden.
    const wholeSubtree =
      inSelection.length === directory.all.filter((u) => u.path.startsWith(selected.path)).length;
    const fromRollup = wholeSubtree && (selected.level === 'state' || selected.level === 'federal');
    const rows = fromRollup
      ? await repo.countStatusAndAgeByDistrict(
          tx,
          inSelection
            .filter((u) => u.level === 'district' || u.level === 'state' || u.level === 'federal')
            .map((u) => u.id),
          shownStatuses,
          asOf,
        )
      : await repo.countStatusAndAge(tx, everything ? null : unitIds, shownStatuses, asOf);
    const months = await repo.countJoinsAndLeaves(tx, everything ? null : unitIds, asOf);
    const mandates = await repo.countMandateHolders(tx, unitIds, asOf);

    const counted = new Set<string>(countedStatuses);
    const perUnit = new Map<number, number>();
    const perStatus = new Map<string, number>();
    const perGender = new Map<string, number>(genders.map((g) => [g, 0]));
    const perBand = ageBands.map(() => 0);
    const pyramid = ageBands.map(() => ({ female: 0, male: 0, diverse: 0, unspecified: 0 }));
    let ageUnknown = 0;
    let ageSum = 0;
    let aged = 0;
    for (const row of rows) {
      if (row.set === 0) {
        perStatus.set(row.status, (perStatus.get(row.status) ?? 0) + row.n);
        if (counted.has(row.status) && row.unit_id !== null)
          perUnit.set(row.unit_id, (perUnit.get(row.unit_id) ?? 0) + row.n);
        continue;
      }
      if (!counted.has(row.status)) continue;
      const gender = (genders as readonly string[]).includes(row.gender ?? '')
        ? (row.gender as (typeof genders)[number])
        : 'unspecified';
      perGender.set(gender, (perGender.get(gender) ?? 0) + row.n);
      if (row.age === null) {
        ageUnknown += row.n;
        continue;
      }
      const band = bandOf(row.age);
      perBand[band]! += row.n;
      pyramid[band]![gender] += row.n;
      ageSum += row.age_sum;
      aged += row.n;
    }
    const total = [...perUnit.values()].reduce((a, b) => a + b, 0);

    // Roll the unit counts up to the children of the selected unit and to the Kreisverbände.
    const childCounts = new Map<number, number>();
    const districtCounts = new Map<number, number>();
    let direct = 0;
    for (const [unitId, n] of perUnit) {
      const unit = directory.byId.get(unitId);
      if (!unit) continue;
      if (unitId === selected.id) direct += n;
      else {
        const childId = Number(unit.path.slice(selected.path.length).split('/')[0]);
        childCounts.set(childId, (childCounts.get(childId) ?? 0) + n);
      }
      const district = directory.districtOf(unitId);
      if (district) districtCounts.set(district.id, (districtCounts.get(district.id) ?? 0) + n);
    }
    const entry = (u: orgUnits.UnitInfo, count: number, isDirect = false) => ({
      unitCode: u.code,
      name: u.name,
      level: u.level,
      ags: u.ags,
      count,
      direct: isDirect,
    });
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'de');
    const byUnit = inSelection
      .filter((u) => u.parentId === selected.id)
      .map((u) => entry(u, childCounts.get(u.id) ?? 0))
      .sort(byName);
    if (direct > 0) byUnit.unshift(entry(selected, direct, true));
    const byDistrict = inSelection
      .filter((u) => u.level === 'district')
      .map((u) => entry(u, districtCounts.get(u.id) ?? 0))
      .sort(byName);

    const joinsByMonth = new Map(months.map((m) => [m.month, m]));
    const recorded =
      (perGender.get('female') ?? 0) + (perGender.get('male') ?? 0) + (perGender.get('diverse') ?? 0);
    const parentCode = (u: orgUnits.UnitInfo) =>
      u.parentId === null ? null : (directory.byId.get(u.parentId)?.code ?? null);
    const selectable = directory.all
      .filter(
        (u) =>
          readable.has(u.id) && (u.level !== 'local' || u.parentId === selected.id || u.id === selected.id),
      )
      .map((u) => ({ unitCode: u.code, name: u.name, level: u.level, parentCode: parentCode(u) }));

    const result: MemberStatistics = {
      unitCode: selected.code,
      unitName: selected.name,
      unitLevel: selected.level,
      asOf,
      total,
      countedStatuses: [...countedStatuses],
      byUnit,
      byDistrict,
      byStatus: shownStatuses.map((status) => ({ status, count: perStatus.get(status) ?? 0 })),
      byGender: genders.map((gender) => ({ gender, count: perGender.get(gender) ?? 0 })),
      byAgeGroup: ageBands.map((b, i) => ({ from: b.from, to: b.to, count: perBand[i]! })),
      agePyramid: ageBands.map((b, i) => ({ from: b.from, to: b.to, ...pyramid[i]! })),
      ageUnknown,
      shareOfWomen: recorded > 0 ? (perGender.get('female') ?? 0) / recorded : null,
      averageAge: aged > 0 ? Math.round((ageSum / aged) * 10) / 10 : null,
      joinsAndLeaves: monthRange(asOf, MONTHS).map((month) => ({
        month,
        joins: joinsByMonth.get(month)?.joins ?? 0,
        leaves: joinsByMonth.get(month)?.leaves ?? 0,
      })),
      mandateHolders: mandates.map((m) => ({ level: m.level, count: m.n })),
      applicantsWaiting: perStatus.get('applicant') ?? 0,
      selectable,
    };
    await writeAudit(tx, {
      action: 'statistics.read',
      entityType: 'unit',
      entityId: selected.code,
      unitId: selected.id,
      details: { unit: selected.code, asOf, total, applicantsWaiting: result.applicantsWaiting },
    });
    return result;
  });
}
