import type { Unit, UnitListQuery } from '@/contracts/units';
import type { Database } from '@/server/db/database';
import type { ServiceContext } from '@/server/platform/context';
import { AppError } from '@/server/platform/errors';
import * as repo from '@/server/modules/org-units/org-units.repository';
import { readReferenceCsv, requireColumn } from '@/server/platform/reference-data';

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

/** One unit with what other modules need to place records in the tree. */
export type UnitInfo = repo.UnitRecord;

/**
 * All units, indexed, for modules that map unit ids to codes, expand subtrees and find a
 * Kreisverband (a few hundred rows; cached briefly, reloaded on a miss).
 */
export class UnitDirectory {
  readonly byId = new Map<number, UnitInfo>();
  readonly byCode = new Map<string, UnitInfo>();
  private readonly localByAgs = new Map<string, UnitInfo>();
  private readonly districtByAgs = new Map<string, UnitInfo>();

  constructor(readonly all: readonly UnitInfo[]) {
    for (const u of all) {
      this.byId.set(u.id, u);
      this.byCode.set(u.code, u);
      if (u.ags && u.level === 'local') this.localByAgs.set(u.ags, u);
      if (u.ags && u.level === 'district') this.districtByAgs.set(u.ags, u);
    }
  }

  /** The ids of the unit and everything below it. */
  subtreeIds(unitId: number): number[] {
    const root = this.byId.get(unitId);
    if (!root) return [];
    return this.all.filter((u) => u.path.startsWith(root.path)).map((u) => u.id);
  }

  /** The Kreisverband a unit belongs to (itself if it is one); null above district level. */
  districtOf(unitId: number): UnitInfo | null {
    let u = this.byId.get(unitId);
    while (u) {
      if (u.level === 'district') return u;
      u = u.parentId === null ? undefined : this.byId.get(u.parentId);
    }
    return null;
  }

  /**
   * The unit responsible for a Gemeinde (AGS, 8 digits): its Stadt-/Gemeindeverband, else the
   * Kreisverband of its Kreis (the first five digits).
   */
  unitForGemeinde(ags: string): UnitInfo | null {
    return this.localByAgs.get(ags) ?? this.districtByAgs.get(ags.slice(0, 5)) ?? null;
  }
}

const DIRECTORY_TTL_MS = 30_000;
const directories = new WeakMap<Database, { at: number; directory: UnitDirectory }>();

export async function unitDirectory(
  database: Database,
  options: { fresh?: boolean } = {},
): Promise<UnitDirectory> {
  const cached = directories.get(database);
  if (cached && !options.fresh && Date.now() - cached.at < DIRECTORY_TTL_MS) return cached.directory;
  const directory = new UnitDirectory(await repo.findAllUnits(database.db));
  directories.set(database, { at: Date.now(), directory });
  return directory;
}

/** Like unitDirectory, but reloads once when the code is unknown (a unit created a moment ago). */
export async function unitByCode(
  database: Database,
  code: string,
): Promise<{ unit: UnitInfo; directory: UnitDirectory }> {
  let directory = await unitDirectory(database);
  let unit = directory.byCode.get(code);
  if (!unit) {
    directory = await unitDirectory(database, { fresh: true });
    unit = directory.byCode.get(code);
  }
  if (!unit) throw new AppError('unit.not_found', { detail: `There is no unit with the code ${code}.` });
  return { unit, directory };
}

/**
 * Loads the postcode → Gemeinde table of Hessen from reference-data/geo when it is empty, so that
 * the residence principle works on a new installation as it does in the demo. Returns the number
 * of rows loaded (0: already there).
 */
export async function ensurePostcodeAreas(database: Database): Promise<number> {
  if ((await repo.countPostcodeAreas(database.db)) > 0) return 0;
  const areas = readReferenceCsv('geo', 'hessen_plz_gemeinde_osm.csv').map((r) => ({
    postcode: requireColumn(r, 'plz'),
    ags: requireColumn(r, 'ags'),
    placeName: requireColumn(r, 'ort'),
  }));
  await repo.insertPostcodeAreas(database.db, areas);
  return areas.length;
}

/** The Gemeinden a postcode covers (official AGS and place name), from postcode_areas. */
export async function gemeindenForPostcode(
  database: Database,
  postcode: string,
): Promise<{ ags: string; placeName: string }[]> {
  return repo.findPostcodeAreas(database.db, postcode.trim());
}
