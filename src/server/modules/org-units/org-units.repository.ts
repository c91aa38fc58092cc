import { aliasedTable, and, asc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '@/server/db/database';
import { postcodeAreas, units } from '@/server/modules/org-units/org-units.tables';
import type { UnitLevel } from '@/contracts/units';

const parent = aliasedTable(units, 'parent');

const unitColumns = {
  id: units.id,
  code: units.code,
  name: units.name,
  level: units.level,
  ags: units.ags,
  path: units.path,
  parentCode: parent.code,
};

export type UnitRow = {
  id: number;
  code: string;
  name: string;
  level: UnitLevel;
  ags: string | null;
  path: string;
  parentCode: string | null;
};

export async function findUnits(
  db: Db,
  filter: { level?: UnitLevel; parentCode?: string },
): Promise<UnitRow[]> {
  const conditions: SQL[] = [];
  if (filter.level) conditions.push(eq(units.level, filter.level));
  if (filter.parentCode) conditions.push(eq(parent.code, filter.parentCode));
  return db
    .select(unitColumns)
    .from(units)
    .leftJoin(parent, eq(units.parentId, parent.id))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(units.path));
}

export async function findUnitByCode(db: Db, code: string): Promise<UnitRow | undefined> {
  const rows = await db
    .select(unitColumns)
    .from(units)
    .leftJoin(parent, eq(units.parentId, parent.id))
    .where(eq(units.code, code))
    .limit(1);
  return rows[0];
}

export interface UnitRecord {
  id: number;
  code: string;
  name: string;
  level: UnitLevel;
  parentId: number | null;
  path: string;
  ags: string | null;
}

export async function findAllUnits(db: Db): Promise<UnitRecord[]> {
  return db
    .select({
      id: units.id,
      code: units.code,
      name: units.name,
      level: units.level,
      parentId: units.parentId,
      path: units.path,
      ags: units.ags,
    })
    .from(units)
    .orderBy(asc(units.path));
}

export async function findPostcodeAreas(
  db: Db,
  postcode: string,
): Promise<{ ags: string; placeName: string }[]> {
  return db
    .select({ ags: postcodeAreas.ags, placeName: postcodeAreas.placeName })
    .from(postcodeAreas)
    .where(eq(postcodeAreas.postcode, postcode))
    .orderBy(asc(postcodeAreas.ags));
}

export async function countPostcodeAreas(db: Db): Promise<number> {
  return db.$count(postcodeAreas);
}

/** Adds the areas; a pair (postcode, Gemeinde) already on file stays as it is. */
export async function insertPostcodeAreas(
  db: Db,
  areas: { postcode: string; ags: string; placeName: string }[],
): Promise<void> {
  for (let i = 0; i < areas.length; i += 500) {
    await db
      .insert(postcodeAreas)
      .values(areas.slice(i, i + 500))
      .onConflictDoNothing();
  }
}
