import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemberInputSchema,
  duplicateCheckInputSchema,
  updateMemberInputSchema,
} from '@/contracts/members';
import * as mandates from '@/server/modules/members/mandates.service';
import * as service from '@/server/modules/members/members.service';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';
import {
  contextFor,
  createHessenSlice,
  refusal,
  sliceActor,
  type SliceCode,
  type SliceUnit,
} from './members-fixtures';

describe.each(databaseKinds)('duplicates on %s', (kind) => {
  let testDb: TestDatabase;
  let units: Record<SliceCode, SliceUnit>;
  let existingId: number;

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    units = await createHessenSlice(testDb.database);
    const existing = await service.createMember(
      ctx(),
      createMemberInputSchema.parse({
        firstName: 'Hanspeter',
        lastName: 'Mueller',
        birthdate: '1970-05-01',
        postcode: '36037',
        street: 'Rabanusstraße',
        houseNumber: '4',
        email: 'hp@example.org',
        status: 'member',
        since: '2001-01-01',
      }),
    );
    existingId = existing.id;
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  function ctx() {
    return contextFor(testDb.database, sliceActor(units, [{ role: 'district-admin', unit: 'HE-06631' }]));
  }

  const hansPeter = {
    firstName: 'Hans-Peter',
    lastName: 'Müller',
    birthdate: '1970-05-01',
    postcode: '36039',
    status: 'applicant',
  };

  it('warns before saving "Hans-Peter Müller, 01.05.1970" beside "Hanspeter Mueller, 01.05.1970"', async () => {
    const check = await service.checkDuplicates(ctx(), duplicateCheckInputSchema.parse(hansPeter));
    expect(check.map((c) => [c.id, c.reasons])).toEqual([[existingId, ['name_birthdate']]]);
    expect(check[0]!.score).toBeGreaterThanOrEqual(0.7);

    const error = await refusal(service.createMember(ctx(), createMemberInputSchema.parse(hansPeter)));
    expect(error.code).toBe('member.duplicate_suspected');
    expect(error.status).toBe(409);
    expect((error.details?.candidates as { id: number }[]).map((c) => c.id)).toEqual([existingId]);
    const count = await testDb.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM members WHERE last_name = 'Müller'`,
    );
    expect(count[0]?.n).toBe(0);
  });

  it('saves anyway when the duplicate is confirmed, and warns on an edit that creates one', async () => {
    const saved = await service.createMember(
      ctx(),
      createMemberInputSchema.parse({ ...hansPeter, birthdate: '1971-05-01', confirmDuplicate: true }),
    );
    expect(saved.lastName).toBe('Müller');
    const error = await refusal(
      service.updateMember(
        ctx(),
        saved.id,
        saved.version,
        updateMemberInputSchema.parse({ email: 'HP@example.org' }),
      ),
    );
    expect(error.code).toBe('member.duplicate_suspected');
    expect((error.details?.candidates as { reasons: string[] }[])[0]!.reasons).toEqual(['email']);
  });

  it('merges a duplicate with its functions, mandates and consents, and undoes it', async () => {
    const keep = await service.createMember(
      ctx(),
      createMemberInputSchema.parse({
        firstName: 'Rita',
        lastName: 'Doppel',
        postcode: '36037',
        status: 'member',
      }),
    );
    const dup = await service.createMember(
      ctx(),
      createMemberInputSchema.parse({
        firstName: 'Rita',
        lastName: 'Doppel',
        postcode: '36037',
        status: 'applicant',
        confirmDuplicate: true,
        consents: [{ channel: 'post', grantedOn: '2025-01-01', source: 'Formular' }],
      }),
    );
    await mandates.addFunction(ctx(), dup.id, {
      code: 'treasurer',
      unitCode: 'HE-06631',
      startDate: '2024-01-01',
    });
    await mandates.addMandate(ctx(), dup.id, {
      code: 'kreistag',
      body: 'Kreistag Fulda',
      unitCode: 'HE-06631',
      startDate: '2021-04-01',
    });
    const merged = await service.mergeMembers(ctx(), {
      keepId: keep.id,
      mergeId: dup.id,
      reason: 'Doppelt erfasst',
    });
    expect(merged.moved).toMatchObject({ functions: 1, mandates: 1, consents: 1 });
    expect((await refusal(service.getMember(ctx(), dup.id))).code).toBe('member.not_found');
    const kept = await mandates.functionsAndMandates(ctx(), keep.id);
    expect(kept.functions.map((f) => f.code)).toEqual(['treasurer']);
    expect(kept.mandates.map((m) => m.body)).toEqual(['Kreistag Fulda']);
    expect((await service.getMember(ctx(), keep.id)).consents).toHaveLength(1);

    const directory = await mandates.mandateDirectory(ctx(), {
      level: 'district',
      unit: 'HE-06631',
      limit: 50,
    });
    expect(directory.items.map((i) => [i.memberId, i.name])).toEqual([[keep.id, 'Kreistag']]);

    await service.undoMerge(ctx(), merged.mergeId);
    const restored = await service.getMember(ctx(), dup.id);
    expect(restored.status).toBe('applicant');
    expect(restored.consents).toHaveLength(1);
    expect((await mandates.functionsAndMandates(ctx(), dup.id)).functions).toHaveLength(1);
    expect((await mandates.functionsAndMandates(ctx(), keep.id)).functions).toHaveLength(0);
    expect((await service.getHistory(ctx(), dup.id)).statuses.map((s) => s.status)).toEqual(['applicant']);
    expect((await refusal(service.undoMerge(ctx(), merged.mergeId))).code).toBe(
      'member.merge_not_reversible',
    );
  });

  it('scans the whole file and writes the pairs as CSV', async () => {
    const twin = await service.createMember(
      ctx(),
      createMemberInputSchema.parse({ ...hansPeter, email: 'hp@example.org', confirmDuplicate: true }),
    );
    const result = await service.scanDuplicates(testDb.database);
    const lines = [...service.duplicateReportLines(result)];
    expect(lines[0]).toMatch(/^reasons;a_id;a_member_number;a_last_name/);
    const pairs = result.pairs.map((p) => [p.a.last_name, p.b.last_name, p.reasons.join('+')]);
    expect(pairs).toContainEqual(['Mueller', 'Müller', 'email+name_birthdate']);
    expect(result.pairs.find((p) => p.b.id === twin.id)?.a.id).toBe(existingId);
    expect(lines.some((l) => l.includes(';Hans-Peter;1970-05-01;36039;;HE-06631009;applicant'))).toBe(true);
    const audit = await testDb.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'member.duplicate_scan'`,
    );
    expect(audit[0]?.n).toBe(1);
  });
});
