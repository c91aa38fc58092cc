import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberStatistics } from '@/contracts/statistics';
import type { Database } from '@/server/db/database';
import { AppError } from '@/server/platform/errors';
import { memberStatistics } from '@/server/modules/statistics/statistics.service';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';
import { buildTestApp, createAccount, signIn, testClock } from '../support/auth';
import {
  contextFor,
  createHessenSlice,
  sliceActor,
  type SliceCode,
  type SliceUnit,
} from './members-fixtures';

/**
 * A hand-made member file with exact dates (status rows are half-open: [valid_from, valid_to)):
 *
 *   A  Fulda         female 1990-06-15  member 2020-01-01 →
 *   B  Fulda         male   1960-01-01  provisional 2025-01-10, member 2025-02-07 →
 *   C  Fulda         female 2000-03-01  member 2019-01-01, resigned 2026-04-01 →
 *   D  Fulda         diverse            applicant 2026-05-01 →
 *   E  Kassel        male   (no date)   member 2018-01-01 →
 *   F  KV Kassel     female 1950-12-31  member 2021-01-01 →   (recorded at the Kreisverband itself)
 *   G  Fuldatal      male   1980-05-05  member 2022-01-01, moved to Fulda 2026-02-01 →
 *
 * A holds a Landtag mandate from 2024-01-18.
 */
const fixture: {
  key: string;
  unit: SliceCode;
  gender: string;
  birthdate: string | null;
  rows: [status: string, from: string, to: string | null, unit?: SliceCode][];
}[] = [
  {
    key: 'A',
    unit: 'HE-06631009',
    gender: 'female',
    birthdate: '1990-06-15',
    rows: [['member', '2020-01-01', null]],
  },
  {
    key: 'B',
    unit: 'HE-06631009',
    gender: 'male',
    birthdate: '1960-01-01',
    rows: [
      ['provisional', '2025-01-10', '2025-02-07'],
      ['member', '2025-02-07', null],
    ],
  },
  {
    key: 'C',
    unit: 'HE-06631009',
    gender: 'female',
    birthdate: '2000-03-01',
    rows: [
      ['member', '2019-01-01', '2026-04-01'],
      ['resigned', '2026-04-01', null],
    ],
  },
  {
    key: 'D',
    unit: 'HE-06631009',
    gender: 'diverse',
    birthdate: null,
    rows: [['applicant', '2026-05-01', null]],
  },
  { key: 'E', unit: 'HE-06611000', gender: 'male', birthdate: null, rows: [['member', '2018-01-01', null]] },
  {
    key: 'F',
    unit: 'HE-06611',
    gender: 'female',
    birthdate: '1950-12-31',
    rows: [['member', '2021-01-01', null]],
  },
  {
    key: 'G',
    unit: 'HE-06631009',
    gender: 'male',
    birthdate: '1980-05-05',
    rows: [
      ['member', '2022-01-01', '2026-02-01', 'HE-06633009'],
      ['member', '2026-02-01', null],
    ],
  },
];

async function loadFixture(database: Database, units: Record<SliceCode, SliceUnit>) {
  const ids: Record<string, number> = {};
  for (const m of fixture) {
    const last = m.rows[m.rows.length - 1]!;
    const [row] = await database.query<{ id: number }>(
      `INSERT INTO members (first_name, last_name, gender, birthdate, unit_id, status)
       VALUES ($1, 'Statistik', $2, $3, $4, $5) RETURNING id`,
      [m.key, m.gender, m.birthdate, units[m.unit].id, last[0]],
    );
    ids[m.key] = Number(row!.id);
    for (const [status, from, to, unit] of m.rows) {
      await database.query(
        `INSERT INTO member_status_history (member_id, status, unit_id, valid_from, valid_to)
         VALUES ($1, $2, $3, $4, $5)`,
        [row!.id, status, units[unit ?? m.unit].id, from, to],
      );
    }
  }
  await database.query(
    `INSERT INTO member_mandates (member_id, mandate_code, start_date) VALUES ($1, 'landtag', '2024-01-18')`,
    [ids.A],
  );
}

const counts = (s: MemberStatistics, key: 'byUnit' | 'byDistrict') =>
  Object.fromEntries(s[key].map((u) => [u.unitCode, u.count]));

describe.each(databaseKinds)('member statistics on %s', (kind) => {
  let testDb: TestDatabase;
  let units: Record<SliceCode, SliceUnit>;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    units = await createHessenSlice(testDb.database);
    await loadFixture(testDb.database, units);
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  const stats = (grants: Parameters<typeof sliceActor>[1], query: { unit?: string; asOf?: string }) =>
    memberStatistics(contextFor(testDb.database, sliceActor(units, grants)), query);
  const state = [{ role: 'state-admin' as const, unit: 'HE' as const }];
  const fulda = [{ role: 'district-admin' as const, unit: 'HE-06631' as const }];
  const kasselLand = [{ role: 'district-admin' as const, unit: 'HE-06633' as const }];

  it('counts the Landesverband per Kreis, status, gender and age on a day', async () => {
    const s = await stats(state, { asOf: '2026-03-31' });
    expect(s.unitCode).toBe('HE');
    expect(s.total).toBe(6);
    expect(counts(s, 'byUnit')).toEqual({ 'HE-06631': 4, 'HE-06611': 2, 'HE-06633': 0 });
    expect(counts(s, 'byDistrict')).toEqual({ 'HE-06631': 4, 'HE-06611': 2, 'HE-06633': 0 });
    expect(s.byDistrict.find((d) => d.unitCode === 'HE-06631')?.ags).toBe('06631');
    expect(Object.fromEntries(s.byStatus.map((x) => [x.status, x.count]))).toEqual({
      applicant: 0,
      provisional: 0,
      member: 6,
      dormant: 0,
    });
    expect(Object.fromEntries(s.byGender.map((x) => [x.gender, x.count]))).toEqual({
      female: 3,
      male: 3,
      diverse: 0,
      unspecified: 0,
    });
    expect(s.shareOfWomen).toBe(0.5);
    // Ages on 2026-03-31: A 35, B 66, C 26, G 45, F 75; E has no birthdate.
    expect(s.averageAge).toBe(49.4);
    expect(s.ageUnknown).toBe(1);
    expect(s.byAgeGroup.filter((b) => b.count > 0).map((b) => [b.from, b.count])).toEqual([
      [25, 1],
      [35, 1],
      [45, 1],
      [65, 1],
      [75, 1],
    ]);
    expect(s.agePyramid.find((b) => b.from === 75)).toMatchObject({ female: 1, male: 0 });
    expect(s.agePyramid.find((b) => b.from === 65)).toMatchObject({ female: 0, male: 1 });
    expect(s.mandateHolders).toEqual([{ level: 'state', count: 1 }]);
    expect(s.applicantsWaiting).toBe(0);
  });

  it('treats the status history as half-open: the last day of membership counts, the next does not', async () => {
    expect((await stats(state, { asOf: '2026-03-31' })).total).toBe(6);
    const next = await stats(state, { asOf: '2026-04-01' });
    expect(next.total).toBe(5);
    expect(counts(next, 'byDistrict')['HE-06631']).toBe(3);
    // The move on 2026-02-01: the day before, G still counts in Kassel-Land.
    const before = await stats(state, { asOf: '2026-01-31' });
    expect(counts(before, 'byDistrict')).toEqual({ 'HE-06631': 3, 'HE-06611': 2, 'HE-06633': 1 });
    expect((await stats(state, { asOf: '2026-04-30' })).applicantsWaiting).toBe(0);
    expect((await stats(state, { asOf: '2026-05-01' })).applicantsWaiting).toBe(1);
  });

  it('counts joins and leaves per month, not confirmations or moves', async () => {
    const s = await stats(state, { asOf: '2026-04-30' });
    expect(s.joinsAndLeaves).toHaveLength(24);
    expect(s.joinsAndLeaves[0]!.month).toBe('2024-05');
    expect(s.joinsAndLeaves[23]!.month).toBe('2026-04');
    expect(s.joinsAndLeaves.filter((m) => m.joins > 0 || m.leaves > 0)).toEqual([
      { month: '2025-01', joins: 1, leaves: 0 },
      { month: '2026-04', joins: 0, leaves: 1 },
    ]);
  });

  it('limits a Kreisverband admin to their own Kreis, on any day', async () => {
    const s = await stats(fulda, { asOf: '2026-03-31' });
    expect(s.unitCode).toBe('HE-06631');
    expect(s.total).toBe(4);
    expect(counts(s, 'byDistrict')).toEqual({ 'HE-06631': 4 });
    expect(counts(s, 'byUnit')).toEqual({ 'HE-06631009': 4 });
    expect(s.selectable.map((u) => u.unitCode).sort()).toEqual(['HE-06631', 'HE-06631009']);
    // Before G moved in, Fulda had three.
    expect((await stats(fulda, { asOf: '2026-01-31' })).total).toBe(3);
    // Kassel-Land had G then: G counts there with gender and age, although the record has moved
    // out of its scope since (a count, never the record).
    const land = await stats(kasselLand, { asOf: '2026-01-31' });
    expect(land.total).toBe(1);
    expect(land.ageUnknown).toBe(0);
    expect(Object.fromEntries(land.byGender.map((x) => [x.gender, x.count])).male).toBe(1);
    expect(land.averageAge).toBe(45);
  });

  it('refuses a unit outside the scope and callers without member:read', async () => {
    for (const unit of ['HE', 'HE-06611']) {
      await expect(stats(fulda, { unit })).rejects.toSatisfy(
        (e) => e instanceof AppError && e.code === 'auth.forbidden',
      );
    }
    await expect(stats([{ role: 'system-admin', unit: 'HE' }], {})).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === 'auth.forbidden',
    );
    await expect(stats(fulda, { unit: 'HE-99999' })).rejects.toSatisfy(
      (e) => e instanceof AppError && e.code === 'unit.not_found',
    );
  });

  it('writes an audit entry with counts only', async () => {
    await stats(fulda, { unit: 'HE-06631', asOf: '2026-03-31' });
    const [entry] = await testDb.database.query<{
      action: string;
      details: Record<string, unknown>;
      subject_ids: unknown;
    }>(
      `SELECT action, details, subject_ids FROM audit_log WHERE action = 'statistics.read' ORDER BY seq DESC LIMIT 1`,
    );
    expect(entry?.details).toEqual({ unit: 'HE-06631', asOf: '2026-03-31', total: 4, applicantsWaiting: 0 });
    expect(entry?.subject_ids).toBeNull();
  });

  describe('over HTTP', () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      const clock = testClock();
      app = await buildTestApp(testDb.database, { clock });
    });
    afterAll(async () => {
      await app?.close();
    });

    it('needs a sign-in, and answers a Kreisverband admin for their Kreis only', async () => {
      const anonymous = await app.inject({ method: 'GET', url: '/api/v1/statistics/members' });
      expect(anonymous.statusCode).toBe(401);
      const clock = testClock();
      const account = await createAccount(testDb.database, {
        email: 'kv-fulda-stats@example.org',
        role: 'district-admin',
        unit: 'HE-06631',
        clock,
      });
      const session = await signIn(app, account, clock);
      const own = await session.get('/api/v1/statistics/members?asOf=2026-03-31');
      expect(own.statusCode).toBe(200);
      expect(own.json()).toMatchObject({ unitCode: 'HE-06631', total: 4 });
      const other = await session.get('/api/v1/statistics/members?unit=HE-06611&asOf=2026-03-31');
      expect(other.statusCode).toBe(403);
      const bad = await session.get('/api/v1/statistics/members?asOf=31.03.2026');
      expect(bad.statusCode).toBe(400);
    });
  });
});
