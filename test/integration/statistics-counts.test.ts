import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageBands, countedStatuses } from '@/contracts/statistics';
import type { Database } from '@/server/db/database';
import { withScope } from '@/server/db/scoped';
import { memberStatistics } from '@/server/modules/statistics/statistics.service';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';
import {
  contextFor,
  createHessenSlice,
  sliceActor,
  type SliceCode,
  type SliceUnit,
} from './members-fixtures';

/**
 * The precomputed statistics (migration 0014) must always equal a count from scratch: after every
 * kind of change to the member file, each cached day is refreshed and compared row by row with
 * statistics_compute over the status history.
 */
const bands = `{${ageBands.map((b) => b.from).join(',')}}`;
const counted = `{${countedStatuses.join(',')}}`;
const leaving = '{resigned,lapsed,expelled,deceased}';
const days = ['2025-06-30', '2026-01-31', '2026-03-31', '2026-04-01', '2026-12-31'];

type Row = { unit_id: number; status: string; gender: string | null; age_band: number | null; n: number };

async function cached(database: Database, day: string): Promise<Row[]> {
  await database.query(`SELECT statistics_refresh($1::date, $2::int[], $3::text[], $4::text[])`, [
    day,
    bands,
    counted,
    leaving,
  ]);
  return database.query<Row>(
    `SELECT unit_id, status, gender, age_band, n FROM statistics_counts WHERE as_of = $1
      ORDER BY unit_id, status, gender NULLS FIRST, age_band NULLS FIRST`,
    [day],
  );
}

/** The roll-up per Kreisverband, as stored and as summed from a count from scratch. */
async function cachedRollup(database: Database, day: string): Promise<Row[]> {
  return database.query<Row>(
    `SELECT group_unit_id AS unit_id, status, gender, age_band, n FROM statistics_rollup WHERE as_of = $1
      ORDER BY 1, 2, 3 NULLS FIRST, 4 NULLS FIRST`,
    [day],
  );
}

async function freshRollup(database: Database, day: string): Promise<Row[]> {
  return database.query<Row>(
    `SELECT statistics_group_of(c.unit_id) AS unit_id, c.status, c.gender, c.age_band, sum(c.n)::int AS n
       FROM statistics_compute($1::date, $2::int[], NULL) c
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3 NULLS FIRST, 4 NULLS FIRST`,
    [day, bands],
  );
}

type Flow = { unit_id: number; month: string; joins: number; leaves: number };

async function cachedFlows(database: Database, day: string): Promise<Flow[]> {
  return database.query<Flow>(
    `SELECT unit_id, month, joins, leaves FROM statistics_flows WHERE as_of = $1 ORDER BY unit_id, month`,
    [day],
  );
}

async function freshFlows(database: Database, day: string): Promise<Flow[]> {
  return database.query<Flow>(
    `SELECT unit_id, month, joins, leaves FROM statistics_compute_flows($1::date, $2::text[], $3::text[], NULL)
      ORDER BY unit_id, month`,
    [day, counted, leaving],
  );
}

async function fresh(database: Database, day: string): Promise<Row[]> {
  return database.query<Row>(
    `SELECT unit_id, status, gender, age_band, n FROM statistics_compute($1::date, $2::int[], NULL)
      ORDER BY unit_id, status, gender NULLS FIRST, age_band NULLS FIRST`,
    [day, bands],
  );
}

describe.each(databaseKinds)('precomputed member statistics on %s', (kind) => {
  let testDb: TestDatabase;
  let units: Record<SliceCode, SliceUnit>;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    db = testDb.database;
    units = await createHessenSlice(db);
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  const addMember = async (
    unit: SliceCode,
    gender: string,
    birthdate: string | null,
    rows: [status: string, from: string, to: string | null][],
  ) => {
    const [m] = await db.query<{ id: number }>(
      `INSERT INTO members (first_name, last_name, gender, birthdate, unit_id, status)
       VALUES ('X', 'Zählung', $1, $2, $3, $4) RETURNING id`,
      [gender, birthdate, units[unit].id, rows[rows.length - 1]![0]],
    );
    for (const [status, from, to] of rows) {
      await db.query(
        `INSERT INTO member_status_history (member_id, status, unit_id, valid_from, valid_to)
         VALUES ($1, $2, $3, $4, $5)`,
        [m!.id, status, units[unit].id, from, to],
      );
    }
    return Number(m!.id);
  };

  const expectAllDaysCurrent = async () => {
    for (const day of days) {
      expect(await cached(db, day), day).toEqual(await fresh(db, day));
      expect(await cachedFlows(db, day), day).toEqual(await freshFlows(db, day));
      expect(await cachedRollup(db, day), day).toEqual(await freshRollup(db, day));
    }
  };

  it('stays equal to a count from scratch through every kind of change', async () => {
    const a = await addMember('HE-06631009', 'female', '1990-06-15', [['member', '2020-01-01', null]]);
    await addMember('HE-06611000', 'male', null, [['member', '2018-01-01', null]]);
    for (const day of days) await cached(db, day); // every day computed once
    await expectAllDaysCurrent();

    // A new member, in one statement for member and history.
    const b = await addMember('HE-06631009', 'male', '1960-01-01', [
      ['provisional', '2025-01-10', '2025-02-07'],
      ['member', '2025-02-07', null],
    ]);
    await expectAllDaysCurrent();

    // A resignation: the open row is closed, a new one opens.
    await db.query(`UPDATE member_status_history SET valid_to = '2026-04-01' WHERE member_id = $1`, [a]);
    await db.query(
      `INSERT INTO member_status_history (member_id, status, unit_id, valid_from) VALUES ($1, 'resigned', $2, '2026-04-01')`,
      [a, units['HE-06631009'].id],
    );
    await expectAllDaysCurrent();

    // A move to another Kreis recorded on the open row, gender and birthdate corrected.
    await db.query(
      `UPDATE member_status_history SET unit_id = $2 WHERE member_id = $1 AND valid_to IS NULL`,
      [b, units['HE-06633009'].id],
    );
    await db.query(`UPDATE members SET gender = 'diverse', birthdate = '1970-02-02' WHERE id = $1`, [b]);
    await expectAllDaysCurrent();

    // A merge moves history to the kept record; a deletion takes the history with it.
    await db.query(`UPDATE member_status_history SET member_id = $1 WHERE member_id = $2`, [a, b]);
    await expectAllDaysCurrent();
    await db.query(`DELETE FROM members WHERE id = $1`, [a]);
    await expectAllDaysCurrent();
  });

  it('shows a change in the next answer of the service, and only recounts the units it touched', async () => {
    const actor = sliceActor(units, [{ role: 'state-admin', unit: 'HE' }]);
    const asOf = '2026-06-30';
    const before = await memberStatistics(contextFor(db, actor), { asOf });
    await addMember('HE-06633009', 'female', '2001-01-01', [['member', '2026-06-01', null]]);
    const marked = await db.query<{ unit_id: number }>(
      `SELECT unit_id FROM statistics_dirty WHERE as_of = $1`,
      [asOf],
    );
    expect(marked.map((r) => r.unit_id)).toEqual([units['HE-06633009'].id]);
    const after = await memberStatistics(contextFor(db, actor), { asOf });
    expect(after.total).toBe(before.total + 1);
    expect(after.byGender.find((g) => g.gender === 'female')!.count).toBe(
      before.byGender.find((g) => g.gender === 'female')!.count + 1,
    );
    expect(await db.query(`SELECT 1 FROM statistics_dirty WHERE as_of = $1`, [asOf])).toEqual([]);
  });

  it('keeps the counts out of reach of the application role', async () => {
    const actor = sliceActor(units, [{ role: 'state-admin', unit: 'HE' }]);
    for (const statement of [
      `DELETE FROM statistics_counts`,
      `INSERT INTO statistics_days (as_of, age_bands) VALUES ('2030-01-01', '{0}')`,
      `SELECT * FROM statistics_dirty`,
    ]) {
      await expect(
        withScope(db, actor, (tx) => tx.query(statement)),
        statement,
      ).rejects.toThrow(/permission denied/);
    }
    // Reading is scoped like the member data: a Kreisverband admin sees only Fulda's rows.
    await addMember('HE-06631009', 'male', '1999-09-09', [['member', '2024-01-01', null]]);
    await addMember('HE-06611000', 'female', '1999-09-09', [['member', '2024-01-01', null]]);
    await cached(db, '2027-01-01');
    const fulda = sliceActor(units, [{ role: 'district-admin', unit: 'HE-06631' }]);
    const seen = await withScope(db, fulda, (tx) =>
      tx.query<{ unit_id: number }>(`SELECT DISTINCT unit_id FROM statistics_counts`),
    );
    const fuldaUnits = [units['HE-06631'].id, units['HE-06631009'].id];
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => fuldaUnits.includes(r.unit_id))).toBe(true);
  });

  it('drops the days nobody asked for', async () => {
    await cached(db, '2025-06-30');
    await db.query(
      `UPDATE statistics_days SET used_at = now() - interval '40 days' WHERE as_of = '2025-06-30'`,
    );
    const [r] = await db.query<{ n: number }>(`SELECT statistics_prune(now() - interval '30 days') AS n`);
    expect(r!.n).toBe(1);
    expect(await db.query(`SELECT 1 FROM statistics_counts WHERE as_of = '2025-06-30'`)).toEqual([]);
  });
});
