import type { RoleKey } from '@/contracts/access';
import { memberNumberWithCheckDigit } from '@/contracts/member-number';
import type { Database } from '@/server/db/database';
import { buildScope, type Actor, type ActorGrant } from '@/server/platform/scope';

/**
 * A small unit tree for permission tests:
 *
 *   TEST-LV (state)
 *   ├── TEST-KA (district)   ── TEST-KA-1 (local)
 *   └── TEST-KB (district)   ── TEST-KB-1 (local)
 */
export const unitTree = [
  { code: 'TEST-LV', name: 'Landesverband Testland', level: 'state', parent: null },
  { code: 'TEST-KA', name: 'Kreisverband Adorf', level: 'district', parent: 'TEST-LV' },
  { code: 'TEST-KA-1', name: 'Ortsverband Adorf-Mitte', level: 'local', parent: 'TEST-KA' },
  { code: 'TEST-KB', name: 'Kreisverband Bestadt', level: 'district', parent: 'TEST-LV' },
  { code: 'TEST-KB-1', name: 'Ortsverband Bestadt-Nord', level: 'local', parent: 'TEST-KB' },
] as const;
export type TestUnitCode = (typeof unitTree)[number]['code'];

export interface TestUnit {
  id: number;
  code: string;
  name: string;
  level: 'federal' | 'state' | 'district' | 'local';
  path: string;
}

/** Inserts the tree with raw SQL (as the owner) and returns the units by code. */
export async function createUnitTree(database: Database): Promise<Record<TestUnitCode, TestUnit>> {
  const byCode = {} as Record<TestUnitCode, TestUnit>;
  for (const unit of unitTree) {
    const parent = unit.parent ? byCode[unit.parent] : null;
    const [row] = await database.query<{ id: number }>(
      `INSERT INTO units (code, name, level, parent_id, path) VALUES ($1, $2, $3, $4, '') RETURNING id`,
      [unit.code, unit.name, unit.level, parent?.id ?? null],
    );
    const path = `${parent?.path ?? '/'}${row!.id}/`;
    await database.query('UPDATE units SET path = $1 WHERE id = $2', [path, row!.id]);
    byCode[unit.code] = { id: row!.id, code: unit.code, name: unit.name, level: unit.level, path };
  }
  return byCode;
}

/** One member per unit, inserted as the owner (row-level security does not apply to the owner). */
export async function createTestMembers(
  database: Database,
  units: Record<TestUnitCode, TestUnit>,
): Promise<Record<TestUnitCode, number>> {
  const ids = {} as Record<TestUnitCode, number>;
  let n = 1;
  for (const unit of Object.values(units)) {
    const [row] = await database.query<{ id: number }>(
      `INSERT INTO members (member_number, first_name, last_name, birthdate, unit_id, status, notes, email)
       VALUES ($1, $2, $3, '1980-05-17', $4, 'member', 'vertraulich', $5) RETURNING id`,
      [
        memberNumberWithCheckDigit(4_711_000 + n),
        'Erika',
        `Muster-${unit.code}`,
        unit.id,
        `m${n}@example.org`,
      ],
    );
    ids[unit.code as TestUnitCode] = Number(row!.id);
    await database.query(
      `INSERT INTO member_bank_accounts (member_id, iban, account_holder) VALUES ($1, 'DE02120300000000202051', 'Erika Muster')`,
      [row!.id],
    );
    await database.query(
      `INSERT INTO member_status_history (member_id, status, unit_id, valid_from) VALUES ($1, 'member', $2, '2020-01-01')`,
      [row!.id, unit.id],
    );
    n++;
  }
  return ids;
}

/** An actor with the given grants, built the way the access module builds one (without a database). */
export function testActor(
  units: Record<TestUnitCode, TestUnit>,
  grants: { role: RoleKey; unit: TestUnitCode }[],
  userId = 9999,
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
  return {
    userId,
    email: `actor${userId}@example.org`,
    displayName: 'Test Actor',
    tokenId: null,
    sessionId: null,
    grants: actorGrants,
    scope: buildScope(actorGrants),
    enrolmentRequired: false,
  };
}
