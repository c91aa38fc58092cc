import { describe, expect, it } from 'vitest';
import { checkAllocationForm, initialAllocationForm } from '@/web/features/delegates/allocation-form-values';

const today = '2026-06-30';
const filled = { ...initialAllocationForm('2026-03-31', 'HE'), seats: '50' };

describe('checkAllocationForm', () => {
  it('builds the request and leaves out minimum and basic seats of 0 and an empty seed', () => {
    expect(checkAllocationForm(filled, today)).toEqual({
      errors: {},
      request: { level: 'district', parent: 'HE', seats: 50, method: 'sainte-lague', cutoff: '2026-03-31' },
    });
    expect(
      checkAllocationForm({ ...filled, minimumSeats: '1', basicSeats: '2', seed: '42' }, today).request,
    ).toMatchObject({ minimumSeats: 1, basicSeats: 2, seed: 42 });
  });

  it('names each wrong field', () => {
    const { errors, request } = checkAllocationForm(
      {
        ...filled,
        parent: '',
        seats: '0',
        cutoff: '2026-02-30',
        minimumSeats: '1,5',
        basicSeats: '-1',
        seed: 'abc',
      },
      today,
    );
    expect(request).toBeUndefined();
    expect(errors).toEqual({
      parent: 'delegates.validation.parent',
      seats: 'delegates.validation.seats',
      cutoff: 'delegates.validation.cutoff',
      minimumSeats: 'delegates.validation.minimumSeats',
      basicSeats: 'delegates.validation.basicSeats',
      seed: 'delegates.validation.seed',
    });
  });

  it('refuses a cut-off date after today and more than 10,000 seats', () => {
    expect(checkAllocationForm({ ...filled, cutoff: '2026-07-01' }, today).errors.cutoff).toBe(
      'delegates.validation.cutoffFuture',
    );
    expect(checkAllocationForm({ ...filled, seats: '10001' }, today).errors.seats).toBe(
      'delegates.validation.seats',
    );
    expect(checkAllocationForm({ ...filled, seats: '10.000' }, today).request?.seats).toBe(10_000);
  });
});
