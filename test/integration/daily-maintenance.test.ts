import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAILY_JOB, runDailyMaintenance, startDailyMaintenance } from '@/server/daily-maintenance';
import { createJobQueue } from '@/server/platform/jobs';
import { createLogger } from '@/server/platform/logger';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';
import { createHessenSlice, type SliceCode, type SliceUnit } from './members-fixtures';

describe.each(databaseKinds)('daily maintenance on %s', (kind) => {
  let testDb: TestDatabase;
  let units: Record<SliceCode, SliceUnit>;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    units = await createHessenSlice(testDb.database);
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  /** A member whose resignation was entered ahead, effective `effective`. */
  const resigningMember = async (effective: string) => {
    const db = testDb.database;
    const [m] = await db.query<{ id: number }>(
      `INSERT INTO members (first_name, last_name, unit_id, status) VALUES ('Rita', 'Vorgemerkt', $1, 'member') RETURNING id`,
      [units['HE-06631009'].id],
    );
    await db.query(
      `INSERT INTO member_status_history (member_id, status, unit_id, valid_from, valid_to)
       VALUES ($1, 'member', $2, '2020-01-01', $3), ($1, 'resigned', $2, $3, NULL)`,
      [m!.id, units['HE-06631009'].id, effective],
    );
    return Number(m!.id);
  };
  const statusOf = async (id: number) =>
    (await testDb.database.query<{ status: string }>(`SELECT status FROM members WHERE id = $1`, [id]))[0]!
      .status;

  it('lets a scheduled resignation take effect on its day, audited, and only once', async () => {
    const id = await resigningMember('2026-12-31');
    const before = await runDailyMaintenance(testDb.database, '2026-12-30');
    expect(before.statusesApplied).toBe(0);
    expect(await statusOf(id)).toBe('member');

    const due = await runDailyMaintenance(testDb.database, '2026-12-31');
    expect(due.statusesApplied).toBe(1);
    expect(await statusOf(id)).toBe('resigned');
    const [entry] = await testDb.database.query<{
      subject_ids: unknown;
      details: unknown;
      actor_name: string;
    }>(`SELECT subject_ids, details, actor_name FROM audit_log WHERE action = 'member.statuses_applied'`);
    expect(entry).toMatchObject({ details: { day: '2026-12-31', count: 1 }, actor_name: 'daily job' });
    expect((entry!.subject_ids as (number | string)[]).map(Number)).toEqual([id]);

    expect((await runDailyMaintenance(testDb.database, '2026-12-31')).statusesApplied).toBe(0);
  });

  it('counts the day’s statistics ahead of the first reader', async () => {
    await runDailyMaintenance(testDb.database, '2027-01-15');
    const days = await testDb.database.query<{ as_of: string }>(
      `SELECT as_of::text AS as_of FROM statistics_days WHERE as_of = '2027-01-15'`,
    );
    expect(days).toHaveLength(1);
  });

  it('runs as a job of the queue once the server asks for it', async () => {
    const jobs = createJobQueue(testDb.database, {
      logger: createLogger('silent', false),
      pollIntervalMs: 50,
      heartbeatMs: 100,
      monitorIntervalMs: 500,
    });
    const daily = await startDailyMaintenance(jobs, testDb.database, createLogger('silent', false), {
      firstRunAfterMs: 0,
    });
    await jobs.start();
    try {
      await expect
        .poll(async () => (await jobs.list({ name: DAILY_JOB }))[0]?.status, { timeout: 20_000 })
        .toBe('completed');
      const [job] = await jobs.list({ name: DAILY_JOB });
      expect(job!.result).toMatchObject({ statusesApplied: expect.any(Number) });
    } finally {
      daily.stop();
      await jobs.stop();
    }
  });
});
