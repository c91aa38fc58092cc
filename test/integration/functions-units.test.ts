import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemberInputSchema } from '@/contracts/members';
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

/**
 * A function or mandate held in a unit is recorded by someone who may change members in that unit
 * as well as in the member's: a Kreisverband cannot put its member into another Kreisverband's or
 * the Landesverband's board, nor end such an office.
 */
describe.each(databaseKinds)('functions and mandates in other units on %s', (kind) => {
  let testDb: TestDatabase;
  let units: Record<SliceCode, SliceUnit>;
  let memberId: number;

  const fulda = () =>
    contextFor(testDb.database, sliceActor(units, [{ role: 'district-admin', unit: 'HE-06631' }]));
  const state = () => contextFor(testDb.database, sliceActor(units, [{ role: 'state-admin', unit: 'HE' }]));

  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    units = await createHessenSlice(testDb.database);
    const member = await service.createMember(
      fulda(),
      createMemberInputSchema.parse({
        firstName: 'Greta',
        lastName: 'Amt',
        postcode: '36037',
        status: 'member',
      }),
    );
    memberId = member.id;
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it('lets a Kreisverband record offices in its own units only', async () => {
    const own = await mandates.addFunction(fulda(), memberId, {
      code: 'treasurer',
      unitCode: 'HE-06631009',
      startDate: '2024-01-01',
    });
    expect(own.unitCode).toBe('HE-06631009');

    for (const unitCode of ['HE', 'HE-06611'] as const) {
      const refused = await refusal(
        mandates.addFunction(fulda(), memberId, { code: 'chair', unitCode, startDate: '2024-01-01' }),
      );
      expect(refused.code, unitCode).toBe('auth.forbidden');
      expect(refused.message).toContain(units[unitCode].name);
    }
    const mandate = await refusal(
      mandates.addMandate(fulda(), memberId, {
        code: 'kreistag',
        body: 'Kreistag Kassel',
        unitCode: 'HE-06633',
        startDate: '2021-04-01',
      }),
    );
    expect(mandate.code).toBe('auth.forbidden');
    // Without a unit the member's unit decides.
    await mandates.addMandate(fulda(), memberId, { code: 'bundestag', startDate: '2025-03-25' });

    const { functions, mandates: held } = await mandates.functionsAndMandates(fulda(), memberId);
    expect(functions.map((f) => f.unitCode)).toEqual(['HE-06631009']);
    expect(held.map((m) => m.code)).toEqual(['bundestag']);
  });

  it('leaves a Landesverband office to the state office, which may also end it', async () => {
    const board = await mandates.addFunction(state(), memberId, {
      code: 'board_member',
      unitCode: 'HE',
      startDate: '2025-01-01',
    });
    const refused = await refusal(
      mandates.endFunctionOrMandate(fulda(), 'function', memberId, board.id, '2025-12-31'),
    );
    expect(refused.code).toBe('auth.forbidden');
    await mandates.endFunctionOrMandate(state(), 'function', memberId, board.id, '2025-12-31');
    const { functions } = await mandates.functionsAndMandates(fulda(), memberId);
    expect(functions.find((f) => f.id === board.id)?.endDate).toBe('2025-12-31');
  });
});
