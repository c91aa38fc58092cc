import type { RoleKey } from '@/contracts/access';
import type { Database } from '@/server/db/database';
import type { ServiceContext } from '@/server/platform/context';
import { AppError } from '@/server/platform/errors';
import { createLogger } from '@/server/platform/logger';
import { buildScope, type Actor, type ActorGrant } from '@/server/platform/scope';

/**
 * A small slice of Hessen with real AGS codes and real postcodes (OpenStreetMap, ODbL):
 *
 *   HE (Landesverband Hessen)
 *   ├── HE-06631 KV Fulda            ── HE-06631009 Fulda
 *   ├── HE-06611 KV Kassel (Stadt)   ── HE-06611000 Kassel
 *   └── HE-06633 KV Landkreis Kassel ── HE-06633009 Fuldatal
 *
 * 36037 → Fulda; 34117 → Kassel; 34127 → Kassel and Fuldatal (spans two Gemeinden).
 */
export const hessenSlice = [
  { code: 'HE', name: 'Landesverband Hessen', level: 'state', parent: null, ags: '06' },
  { code: 'HE-06631', name: 'Kreisverband Fulda', level: 'district', parent: 'HE', ags: '06631' },
  { code: 'HE-06631009', name: 'Stadtverband Fulda', level: 'local', parent: 'HE-06631', ags: '06631009' },
  { code: 'HE-06611', name: 'Kreisverband Kassel-Stadt', level: 'district', parent: 'HE', ags: '06611' },
  { code: 'HE-06611000', name: 'Stadtverband Kassel', level: 'local', parent: 'HE-06611', ags: '06611000' },
  { code: 'HE-06633', name: 'Kreisverband Kassel-Land', level: 'district', parent: 'HE', ags: '06633' },
  {
    code: 'HE-06633009',
    name: 'Gemeindeverband Fuldatal',
    level: 'local',
    parent: 'HE-06633',
    ags: '06633009',
  },
] as const;
export type SliceCode = (typeof hessenSlice)[number]['code'];

export const slicePostcodes = [
  { postcode: '36037', ags: '06631009', placeName: 'Fulda' },
  { postcode: '36039', ags: '06631009', placeName: 'Fulda' },
  { postcode: '34117', ags: '06611000', placeName: 'Kassel' },
  { postcode: '34127', ags: '06611000', placeName: 'Kassel' },
  { postcode: '34127', ags: '06633009', placeName: 'Fuldatal' },
];

export interface SliceUnit {
  id: number;
  code: SliceCode;
  name: string;
  level: 'state' | 'district' | 'local';
  path: string;
}

export async function createHessenSlice(database: Database): Promise<Record<SliceCode, SliceUnit>> {
  const byCode = {} as Record<SliceCode, SliceUnit>;
  for (const unit of hessenSlice) {
    const parent = unit.parent ? byCode[unit.parent] : null;
    const [row] = await database.query<{ id: number }>(
      `INSERT INTO units (code, name, level, parent_id, path, ags) VALUES ($1, $2, $3, $4, '', $5) RETURNING id`,
      [unit.code, unit.name, unit.level, parent?.id ?? null, unit.ags],
    );
    const path = `${parent?.path ?? '/'}${row!.id}/`;
    await database.query('UPDATE units SET path = $1 WHERE id = $2', [path, row!.id]);
    byCode[unit.code] = { id: row!.id, code: unit.code, name: unit.name, level: unit.level, path };
  }
  for (const p of slicePostcodes) {
    await database.query('INSERT INTO postcode_areas (postcode, ags, place_name) VALUES ($1, $2, $3)', [
      p.postcode,
      p.ags,
      p.placeName,
    ]);
  }
  return byCode;
}

let nextUserId = 5000;

export function sliceActor(
  units: Record<SliceCode, SliceUnit>,
  grants: { role: RoleKey; unit: SliceCode }[],
): Actor {
  const all = Object.values(units);
  const actorGrants: ActorGrant[] = grants.map(({ role, unit }) => {
    const u = units[unit];
    return {
      role,
      unitId: u.id,
      unitCode: u.code,
      unitName: u.name,
      unitLevel: u.level,
      unitIds: new Set(all.filter((x) => x.path.startsWith(u.path)).map((x) => x.id)),
    };
  });
  const userId = nextUserId++;
  return {
    userId,
    email: `user${userId}@example.org`,
    displayName: `User ${userId}`,
    tokenId: null,
    sessionId: null,
    grants: actorGrants,
    scope: buildScope(actorGrants),
    enrolmentRequired: false,
  };
}

export function contextFor(database: Database, actor: Actor | null): ServiceContext {
  return { database, log: createLogger('silent', false), actor };
}

/** The AppError a service call was refused with; any other outcome fails the test. */
export async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error instanceof AppError) return error;
  throw new Error(`expected a refusal, got ${error === null ? 'success' : String(error)}`);
}
