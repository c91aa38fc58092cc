import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemberInputSchema, type CreateMemberInput } from '@/contracts/members';
import { germanToday } from '@/contracts/dates';
import * as service from '@/server/modules/members/members.service';
import { addDays } from '@/server/modules/members/lifecycle';
import * as tasks from '@/server/modules/tasks/tasks.service';
import { AppError } from '@/server/platform/errors';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';
import {
  contextFor,
  createHessenSlice,
  sliceActor,
  type SliceCode,
  type SliceUnit,
} from './members-fixtures';

describe.each(databaseKinds)('membership lifecycle on %s', (kind) => {
  let testDb: TestDatabase;
  let units: Record<SliceCode, SliceUnit>;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    units = await createHessenSlice(testDb.database);
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  const fuldaAdmin = () => sliceActor(units, [{ role: 'district-admin', unit: 'HE-06631' }]);
  const ctx = () => contextFor(testDb.database, fuldaAdmin());
  const create = (input: Partial<CreateMemberInput> & { lastName: string }) =>
    service.createMember(
      ctx(),
      createMemberInputSchema.parse({ firstName: 'Test', postcode: '36037', ...input }),
    );

  it('admits an applicant: provisional with a number, then member after confirmation', async () => {
    const applicant = await create({ lastName: 'Antrag', since: '2026-01-05' });
    const admitted = await service.applyTransition(ctx(), applicant.id, applicant.version, {
      type: 'admit',
      effectiveDate: '2026-01-20',
      reason: 'Vorstandsbeschluss',
    });
    expect(admitted.status).toBe('provisional');
    expect(admitted.memberNumber).toMatch(/^\d{8}$/);
    expect(admitted.entryDate).toBe('2026-01-20');
    expect(admitted.deadline).toMatchObject({ kind: 'objection_window', due: '2026-02-16' });
    const confirmed = await service.applyTransition(ctx(), applicant.id, null, {
      type: 'confirm',
      effectiveDate: '2026-02-17',
    });
    expect(confirmed.status).toBe('member');
    expect(confirmed.memberNumber).toBe(admitted.memberNumber);
    const history = await service.getHistory(ctx(), applicant.id);
    expect(history.statuses.map((h) => [h.status, h.validFrom, h.validTo, h.transition])).toEqual([
      ['applicant', '2026-01-05', '2026-01-20', null],
      ['provisional', '2026-01-20', '2026-02-17', 'admit'],
      ['member', '2026-02-17', null, 'confirm'],
    ]);
  });

  it('refuses an impossible step and lists the possible ones', async () => {
    const applicant = await create({ lastName: 'Falsch', since: '2026-01-05' });
    const error = await service
      .applyTransition(ctx(), applicant.id, null, { type: 'resign', effectiveDate: '2026-02-01' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('member.invalid_transition');
    expect((error as AppError).message).toContain('possible: admit, reject, decease');
  });

  it('counts a member who resigned effective 2026-03-31 on that day and not on the next', async () => {
    const member = await create({ lastName: 'Austritt', status: 'member', since: '2019-06-01' });
    await service.applyTransition(ctx(), member.id, null, {
      type: 'resign',
      effectiveDate: '2026-03-31',
      reason: 'Schreiben vom 2.3.',
    });
    const count = (date: string) => service.countAsOf(ctx(), { unit: 'HE-06631', date });
    const on31 = await count('2026-03-31');
    const on01 = await count('2026-04-01');
    expect(on31.count - on01.count).toBe(1);

    const listed = async (asOf: string) =>
      (await service.listMembers(ctx(), { asOf, unit: 'HE-06631', sort: 'name', limit: 500 })).items.map(
        (i) => i.id,
      );
    expect(await listed('2026-03-31')).toContain(member.id);
    expect(await listed('2026-04-01')).not.toContain(member.id);
    const resignedOn01 = await service.listMembers(ctx(), {
      asOf: '2026-04-01',
      status: ['resigned'],
      unit: 'HE-06631',
      sort: 'name',
      limit: 500,
    });
    expect(resignedOn01.items.find((i) => i.id === member.id)?.status).toBe('resigned');
  });

  it('lists the running admission deadlines as a task for the unit', async () => {
    const today = germanToday();
    await create({ lastName: 'Wartend-Eins', since: addDays(today, -26) });
    await create({ lastName: 'Wartend-Zwei', since: addDays(today, -3) });
    const overview = await tasks.overview(ctx(), [service.deadlineTasks]);
    const admission = overview.tasks.find(
      (t) => t.kind === 'admission_decision' && t.unitCode === 'HE-06631009',
    );
    expect(admission).toBeDefined();
    expect(admission!.oldestDays).toBeGreaterThanOrEqual(26);
    expect(admission!.count).toBeGreaterThanOrEqual(2);
    const kassel = sliceActor(units, [{ role: 'district-admin', unit: 'HE-06611' }]);
    const other = await tasks.overview(contextFor(testDb.database, kassel), [service.deadlineTasks]);
    expect(other.tasks).toEqual([]);
  });

  it('follows a statute without objection window: admission is final at once', async () => {
    const saved = service.currentStatute();
    service.configureStatute({ ...saved, objectionWindowDays: 0 });
    try {
      const applicant = await create({ lastName: 'Sofort', since: '2026-01-05' });
      const admitted = await service.applyTransition(ctx(), applicant.id, null, {
        type: 'admit',
        effectiveDate: '2026-01-10',
      });
      expect(admitted.status).toBe('member');
    } finally {
      service.configureStatute(saved);
    }
  });
});
