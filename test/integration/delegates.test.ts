import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allocateDelegates,
  allocationCsv,
  getAllocation,
  openSlidesCsv,
  reproduce,
} from '@/server/modules/delegates/delegates.service';
import { germanToday } from '@/contracts/dates';
import { createUnitTree, testActor, type TestUnit, type TestUnitCode } from '../support/auth-fixtures';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';

describe.each(databaseKinds)('delegate allocation on %s', (kind) => {
  let testDb: TestDatabase;
  let units: Record<TestUnitCode, TestUnit>;

  /** n members in a unit with the given status history. */
  async function addMembers(
    unit: TestUnit,
    n: number,
    from: string,
    to: string | null = null,
    status = 'member',
  ) {
    await testDb.database.query(
      `WITH m AS (
         INSERT INTO members (first_name, last_name, unit_id, status)
         SELECT 'Erika', 'Muster' || g, $1, $2 FROM generate_series(1, $3) g RETURNING id)
       INSERT INTO member_status_history (member_id, status, unit_id, valid_from, valid_to)
       SELECT id, $2, $1, $4::date, $5::date FROM m`,
      [unit.id, status, n, from, to],
    );
  }

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    units = await createUnitTree(testDb.database);
    // On the cut-off date 2026-03-31: Kreis A has 300 (250 in its local unit, 50 directly), Kreis B 300.
    await addMembers(units['TEST-KA-1'], 250, '2020-01-01');
    await addMembers(units['TEST-KA'], 50, '2020-01-01');
    await addMembers(units['TEST-KB-1'], 300, '2021-06-01');
    // Not counted: resigned before the cut-off, joined after it, applicants.
    await addMembers(units['TEST-KB-1'], 40, '2019-01-01', '2026-03-01');
    await addMembers(units['TEST-KB-1'], 30, '2026-04-01');
    await addMembers(units['TEST-KA-1'], 20, '2026-01-01', null, 'applicant');
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it('counts members on the cut-off date, draws the lot for a tie, stores the snapshot and reproduces it', async () => {
    // 300 : 300 and 3 seats (D'Hondt): 300, 300 win a seat each; the third is a tie at 150 → lot.
    const a = await allocateDelegates(testDb.database, null, {
      level: 'district',
      parent: 'TEST-LV',
      seats: 3,
      method: 'dhondt',
      cutoff: '2026-03-31',
      seed: 11,
    });
    expect(a.units.map((u) => [u.code, u.count])).toEqual([
      ['TEST-KA', 300],
      ['TEST-KB', 300],
    ]);
    expect(a.ties).toHaveLength(1);
    expect(a.ties[0]).toMatchObject({ units: ['TEST-KA', 'TEST-KB'], seatsAtStake: 1, value: 150 });
    const winner = a.ties[0]!.lotOrder[0];
    expect(a.units.find((u) => u.code === winner)?.seats).toBe(2);
    expect(a.units.reduce((s, u) => s + u.seats, 0)).toBe(3);

    // Stored with its snapshot: more members later do not change it, and it recomputes identically.
    await addMembers(units['TEST-KB-1'], 500, '2026-03-15');
    const stored = await getAllocation(testDb.database, a.id);
    expect(stored).toEqual(a);
    expect(reproduce(stored).units.map((u) => u.seats)).toEqual(a.units.map((u) => u.seats));

    const audit = await testDb.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'delegates.allocate' AND entity_id = $1`,
      [String(a.id)],
    );
    expect(audit[0]!.n).toBe(1);
  });

  it('applies the minimum and writes the CSV table and the OpenSlides participant list', async () => {
    // Now (cut-off 2026-03-31 again, with the 500 added on 2026-03-15): A 300, B 800. 5 seats, Sainte-Laguë:
    // A 600 200 120, B 1600 533.3 320 228.6 → seats 1600 B, 600 A, 533.3 B, 320 B, 228.6 B → A 1, B 4.
    // Minimum 2: A is raised to 2, the other 3 seats go to B → A 2, B 3.
    const a = await allocateDelegates(testDb.database, null, {
      level: 'district',
      seats: 5,
      method: 'sainte-lague',
      cutoff: '2026-03-31',
      minimumSeats: 2,
      seed: 1,
    });
    expect(a.parent).toBe('TEST-LV');
    expect(a.units.map((u) => [u.code, u.count, u.seats, u.raisedToMinimum])).toEqual([
      ['TEST-KA', 300, 2, true],
      ['TEST-KB', 800, 3, false],
    ]);
    const csv = allocationCsv(a);
    expect(
      csv.startsWith('\uFEFFGliederung;Name;Mitglieder am Stichtag;Grundmandate;Mitglieder / Divisor;'),
    ).toBe(true);
    expect(csv).toContain('TEST-KA;Kreisverband Adorf;300;0;');
    expect(csv).toContain('Summe;;1100;;;;5\r\n');
    const openslides = openSlidesCsv(a).split('\r\n').filter(Boolean);
    expect(openslides[0]).toBe('first_name,last_name,structure_level,groups,number,vote_weight,comment');
    expect(openslides).toHaveLength(1 + 5);
    expect(openslides[1]).toBe(
      `Delegierte/r,Kreisverband Adorf 1,Kreisverband Adorf,Delegierte,TEST-KA-01,1,Sitz 1 von 2; Sainte-Laguë/Schepers, Stichtag 2026-03-31, Verteilung ${a.id}`.replace(
        /,Sitz.*$/,
        (m) => `,"${m.slice(1)}"`,
      ),
    );
  });

  it('refuses a caller without member:read at the parent and an impossible minimum', async () => {
    const districtAdmin = testActor(units, [{ role: 'district-admin', unit: 'TEST-KA' }]);
    await expect(
      allocateDelegates(testDb.database, districtAdmin, {
        level: 'district',
        seats: 3,
        method: 'dhondt',
        cutoff: '2026-03-31',
      }),
    ).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(
      allocateDelegates(testDb.database, null, {
        level: 'district',
        seats: 3,
        method: 'dhondt',
        cutoff: '2026-03-31',
        minimumSeats: 2,
      }),
    ).rejects.toMatchObject({ code: 'delegates.invalid' });
  });

  it('refuses a cut-off date after today, as the form does, and takes today', async () => {
    const today = germanToday();
    const tomorrow = germanToday(new Date(Date.now() + 86_400_000));
    const request = { level: 'district', seats: 3, method: 'dhondt', cutoff: tomorrow } as const;
    await expect(allocateDelegates(testDb.database, null, request)).rejects.toMatchObject({
      code: 'delegates.invalid',
      fieldErrors: [{ path: 'body.cutoff' }],
      message: expect.stringContaining(`Choose ${today} or an earlier day`),
    });
    const allocation = await allocateDelegates(testDb.database, null, { ...request, cutoff: today });
    expect(allocation.cutoff).toBe(today);
  });
});
