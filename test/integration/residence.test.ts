import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemberInputSchema, updateMemberInputSchema } from '@/contracts/members';
import * as service from '@/server/modules/members/members.service';
import * as tasks from '@/server/modules/tasks/tasks.service';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/database';
import {
  contextFor,
  createHessenSlice,
  refusal,
  sliceActor,
  type SliceCode,
  type SliceUnit,
} from './members-fixtures';

describe.each(databaseKinds)('residence principle and transfers on %s', (kind) => {
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
  const stateAdmin = () => sliceActor(units, [{ role: 'state-admin', unit: 'HE' }]);

  it('asks which Gemeinde when a postcode spans two, and takes the choice', async () => {
    const ctx = contextFor(testDb.database, stateAdmin());
    const input = {
      firstName: 'Berta',
      lastName: 'Grenzgang',
      postcode: '34127',
      city: 'Kassel',
      status: 'member',
    };
    const error = await refusal(service.createMember(ctx, createMemberInputSchema.parse(input)));
    expect(error.code).toBe('member.residence_ambiguous');
    expect(error.status).toBe(422);
    const choices = error.details?.choices as { ags: string; placeName: string; unitCode: string }[];
    expect(choices.map((c) => [c.ags, c.placeName, c.unitCode])).toEqual([
      ['06611000', 'Kassel', 'HE-06611000'],
      ['06633009', 'Fuldatal', 'HE-06633009'],
    ]);
    const member = await service.createMember(
      ctx,
      createMemberInputSchema.parse({ ...input, gemeindeAgs: '06633009' }),
    );
    expect(member.unitCode).toBe('HE-06633009');
    expect(member.districtCode).toBe('HE-06633');
  });

  it('puts a member in another unit only with a recorded reason', async () => {
    const ctx = contextFor(testDb.database, stateAdmin());
    const input = {
      firstName: 'Hugo',
      lastName: 'Ausnahme',
      postcode: '36037',
      unitCode: 'HE-06611000',
      status: 'member',
    };
    const error = await refusal(service.createMember(ctx, createMemberInputSchema.parse(input)));
    expect(error.code).toBe('member.residence_exception_required');
    expect(error.details?.derivedUnitCode).toBe('HE-06631009');
    const member = await service.createMember(
      ctx,
      createMemberInputSchema.parse({
        ...input,
        residenceException: 'Arbeitsort Kassel, Beschluss KV vom 3.2.',
      }),
    );
    expect(member.unitCode).toBe('HE-06611000');
    expect(member.residenceException).toContain('Arbeitsort');
  });

  it('turns a move from Fulda to Kassel into a transfer that both Kreisverbände see', async () => {
    const fulda = fuldaAdmin();
    const created = await service.createMember(
      contextFor(testDb.database, fulda),
      createMemberInputSchema.parse({
        firstName: 'Franz',
        lastName: 'Umzug',
        street: 'Marktstraße',
        houseNumber: '1',
        postcode: '36037',
        city: 'Fulda',
        status: 'member',
        since: '2015-05-01',
      }),
    );
    const moved = await service.updateMember(
      contextFor(testDb.database, fulda),
      created.id,
      created.version,
      updateMemberInputSchema.parse({
        street: 'Königsplatz',
        houseNumber: '10',
        postcode: '34117',
        city: 'Kassel',
        effectiveDate: '2026-04-01',
      }),
    );
    expect(moved.unitCode).toBe('HE-06611000');
    expect(moved.memberNumber).toBe(created.memberNumber);

    // Fulda no longer sees the record, but sees the transfer and its notification.
    expect(
      (await refusal(service.getMember(contextFor(testDb.database, fuldaAdmin()), created.id))).code,
    ).toBe('member.not_found');
    const fuldaTransfers = await service.listTransfers(contextFor(testDb.database, fuldaAdmin()), {
      limit: 10,
    });
    expect(fuldaTransfers.find((t) => t.memberId === created.id)).toMatchObject({
      fromDistrictCode: 'HE-06631',
      toDistrictCode: 'HE-06611',
      crossDistrict: true,
      memberNumber: created.memberNumber,
      memberName: 'Franz Umzug',
      effectiveDate: '2026-04-01',
    });
    const fuldaNotes = await tasks.listNotifications(contextFor(testDb.database, fuldaAdmin()), {
      includeDone: false,
      limit: 10,
    });
    expect(fuldaNotes.map((n) => [n.kind, n.unitCode, n.memberId])).toContainEqual([
      'member.transfer_out',
      'HE-06631',
      created.id,
    ]);

    // Kassel sees the member with its number and whole history, and the notification.
    const kassel = contextFor(testDb.database, kasselAdmin());
    const seen = await service.getMember(kassel, created.id);
    expect(seen.memberNumber).toBe(created.memberNumber);
    const history = await service.getHistory(kassel, created.id);
    expect(history.statuses.map((h) => [h.status, h.unitCode, h.validFrom, h.validTo])).toEqual([
      ['member', 'HE-06631009', '2015-05-01', '2026-04-01'],
      ['member', 'HE-06611000', '2026-04-01', null],
    ]);
    expect(history.transfers).toHaveLength(1);
    const kasselNotes = await tasks.listNotifications(kassel, { includeDone: false, limit: 10 });
    const note = kasselNotes.find((n) => n.kind === 'member.transfer_in' && n.memberId === created.id);
    expect(note?.params).toMatchObject({
      fromDistrict: 'Kreisverband Fulda',
      toDistrict: 'Kreisverband Kassel-Stadt',
    });
    await tasks.markNotificationDone(kassel, note!.id);
    expect(
      (await tasks.listNotifications(kassel, { includeDone: false, limit: 10 })).map((n) => n.id),
    ).not.toContain(note!.id);

    // As of dates: counted in Fulda before the move, in Kassel from it.
    const count = (unit: string, date: string) =>
      service.countAsOf(contextFor(testDb.database, stateAdmin()), { unit, date }).then((r) => r.count);
    expect(await count('HE-06631', '2026-03-31')).toBe(1);
    expect(await count('HE-06631', '2026-04-01')).toBe(0);
    expect(await count('HE-06611', '2026-04-01')).toBe(1);
  });

  it('answers the postcode choices for the address form', async () => {
    const choices = await service.residenceChoices(contextFor(testDb.database, fuldaAdmin()), '36037');
    expect(choices).toEqual([
      { ags: '06631009', placeName: 'Fulda', unitCode: 'HE-06631009', unitName: 'Stadtverband Fulda' },
    ]);
  });
});
