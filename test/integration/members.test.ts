import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidMemberNumber } from '@/contracts/member-number';
import { createMemberInputSchema, updateMemberInputSchema } from '@/contracts/members';
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

describe.each(databaseKinds)('member records on %s', (kind) => {
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
  const kasselAdmin = () => sliceActor(units, [{ role: 'district-admin', unit: 'HE-06611' }]);
  const ctx = (actor = fuldaAdmin()) => contextFor(testDb.database, actor);

  it('creates an applicant in the unit of the residence, with normalised contact data', async () => {
    const member = await service.createMember(
      ctx(),
      createMemberInputSchema.parse({
        firstName: 'Erika',
        lastName: 'Mustermann',
        birthdate: '1985-02-11',
        street: 'Bahnhofstraße',
        houseNumber: '3',
        postcode: '36037',
        city: 'Fulda',
        email: 'erika@example.org',
        phone: '0661 12345',
        since: '2026-03-02',
        consents: [{ channel: 'email', grantedOn: '2026-03-02', source: 'Aufnahmeantrag' }],
      }),
    );
    expect(member).toMatchObject({
      unitCode: 'HE-06631009',
      districtCode: 'HE-06631',
      residenceAgs: '06631009',
      phone: '+4966112345',
      status: 'applicant',
      statusSince: '2026-03-02',
      memberNumber: null,
      version: 1,
      allowedTransitions: ['admit', 'reject', 'decease'],
      deadline: { kind: 'admission_decision', due: '2026-03-30' },
    });
    expect(member.consents).toEqual([
      {
        channel: 'email',
        grantedOn: '2026-03-02',
        source: 'Aufnahmeantrag',
        withdrawnOn: null,
        withdrawalSource: null,
      },
    ]);
    const audit = await testDb.database.query<{ action: string; subject_ids: unknown }>(
      `SELECT action, subject_ids FROM audit_log WHERE action = 'member.create' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit[0]?.action).toBe('member.create');
  });

  it('gives a recorded member a number with a valid check digit', async () => {
    const member = await service.createMember(ctx(), {
      firstName: 'Karl',
      lastName: 'Zeisig',
      postcode: '36039',
      status: 'member',
      since: '2020-01-01',
    });
    expect(member.memberNumber).not.toBeNull();
    expect(isValidMemberNumber(member.memberNumber!)).toBe(true);
    expect(member.entryDate).toBe('2020-01-01');
  });

  it('reads with an audit entry and refuses a stale version with the current record', async () => {
    const created = await service.createMember(ctx(), {
      firstName: 'Paula',
      lastName: 'Pfeffer',
      postcode: '36037',
      status: 'member',
    });
    const a = fuldaAdmin();
    const read = await service.getMember(ctx(a), created.id);
    expect(read.version).toBe(1);
    const audit = await testDb.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'member.read' AND entity_id = $1`,
      [String(created.id)],
    );
    expect(audit[0]?.n).toBe(1);

    const first = await service.updateMember(ctx(a), created.id, 1, { city: 'Fulda' });
    expect(first.version).toBe(2);
    const conflict = await refusal(service.updateMember(ctx(), created.id, 1, { city: 'Petersberg' }));
    expect(conflict.code).toBe('member.version_conflict');
    expect(conflict.status).toBe(409);
    expect(conflict.details?.currentVersion).toBe(2);
    expect((conflict.details?.current as { city: string }).city).toBe('Fulda');

    const missing = await refusal(service.updateMember(ctx(), created.id, null, { city: 'Petersberg' }));
    expect(missing.code).toBe('member.version_required');
    expect((await service.getMember(ctx(), created.id)).city).toBe('Fulda');
  });

  it('records before → after of a change in the audit trail', async () => {
    const created = await service.createMember(ctx(), {
      firstName: 'Otto',
      lastName: 'Oberlin',
      postcode: '36037',
      email: 'otto@example.org',
      status: 'member',
    });
    await service.updateMember(
      ctx(),
      created.id,
      1,
      updateMemberInputSchema.parse({ email: 'Otto.Neu@Example.org', notes: 'Rückruf erbeten' }),
    );
    const rows = await testDb.database.query<{ details: unknown }>(
      `SELECT details FROM audit_log WHERE action = 'member.update' AND entity_id = $1`,
      [String(created.id)],
    );
    const details = (
      typeof rows[0]!.details === 'string' ? JSON.parse(rows[0]!.details) : rows[0]!.details
    ) as {
      before: Record<string, unknown>;
      after: Record<string, unknown>;
    };
    expect(details.before).toMatchObject({ email: 'otto@example.org', notes: null });
    expect(details.after).toMatchObject({ email: 'otto.neu@example.org', notes: 'Rückruf erbeten' });
  });

  it("never shows a Kreisverband's members to another Kreisverband", async () => {
    const fulda = await service.createMember(ctx(), {
      firstName: 'Greta',
      lastName: 'Geheim',
      postcode: '36037',
      status: 'member',
    });
    const kassel = kasselAdmin();
    expect((await refusal(service.getMember(ctx(kassel), fulda.id))).code).toBe('member.not_found');
    const list = await service.listMembers(ctx(kassel), { sort: 'name', limit: 50 });
    expect(list.items.map((i) => i.id)).not.toContain(fulda.id);
    const search = await service.listMembers(ctx(kassel), { q: 'Geheim', sort: 'name', limit: 50 });
    expect(search.items).toEqual([]);
    expect(search.total).toBe(0);
    const stale = await refusal(service.updateMember(ctx(kassel), fulda.id, 1, { city: 'x' }));
    expect(stale.code).toBe('member.not_found');
    const unit = await refusal(
      service.listMembers(ctx(kassel), { unit: 'HE-06631', sort: 'name', limit: 50 }),
    );
    expect(unit.code).toBe('auth.forbidden');
  });

  it('hides birthdate, gender and notes from a local chair', async () => {
    const created = await service.createMember(ctx(), {
      firstName: 'Lotte',
      lastName: 'Leise',
      birthdate: '1970-01-01',
      postcode: '36037',
      notes: 'vertraulich',
      status: 'member',
    });
    const chair = sliceActor(units, [{ role: 'local-chair', unit: 'HE-06631009' }]);
    const seen = await service.getMember(ctx(chair), created.id);
    expect(seen.lastName).toBe('Leise');
    expect(seen).not.toHaveProperty('birthdate');
    expect(seen).not.toHaveProperty('notes');
    expect(seen.hiddenFields).toEqual(['birthdate', 'gender', 'notes']);
    expect(seen.allowedTransitions).toEqual([]);
    const list = await service.listMembers(ctx(chair), { q: 'Leise', sort: 'name', limit: 10 });
    expect(list.items[0]).not.toHaveProperty('birthdate');
  });

  it('refuses to work without an actor', async () => {
    expect(
      (await refusal(service.listMembers(contextFor(testDb.database, null), { sort: 'name', limit: 5 })))
        .code,
    ).toBe('auth.required');
  });
});
