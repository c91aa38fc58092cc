import type { Unit, UnitListQuery } from '@/contracts/units';
import type { ServiceContext } from '@/server/platform/context';
import { AppError } from '@/server/platform/errors';
import * as repo from '@/server/modules/org-units/org-units.repository';

const toUnit = (row: repo.UnitRow): Unit => ({
  code: row.code,
  name: row.name,
  level: row.level,
  parentCode: row.parentCode,
  ags: row.ags,
});

export async function listUnits(
  ctx: ServiceContext,
  query: UnitListQuery,
): Promise<{ items: Unit[]; total: number }> {
  const rows = await repo.findUnits(ctx.database.db, {
    ...(query.level ? { level: query.level } : {}),
    ...(query.parent ? { parentCode: query.parent } : {}),
  });
  return { items: rows.map(toUnit), total: rows.length };
}

export async function getUnit(ctx: ServiceContext, code: string): Promise<Unit> {
  const row = await repo.findUnitByCode(ctx.database.db, code);
  if (!row) throw new AppError('unit.not_found', { detail: `There is no unit with the code ${code}.` });
  return toUnit(row);
}
