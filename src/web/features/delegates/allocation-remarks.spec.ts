import { describe, expect, it } from 'vitest';
import type { Allocation } from '@/contracts/delegates';
import { allocationRemarks } from '@/web/features/delegates/allocation-remarks';

const unit = (code: string, count: number, seats: number, raisedToMinimum = false) => ({
  code,
  name: code,
  count,
  basicSeats: 0,
  seats,
  raisedToMinimum,
  quota: 0,
});

describe('allocationRemarks', () => {
  it('marks the minimum, the units without members and the winners and losers of a lot', () => {
    // Three units tied for one seat; the lot drew C, A, B: C won, A and B lost.
    const allocation: Pick<Allocation, 'units' | 'ties'> = {
      units: [unit('A', 10, 1), unit('B', 10, 1), unit('C', 10, 2), unit('D', 1, 1, true), unit('E', 0, 0)],
      ties: [{ units: ['A', 'B', 'C'], seatsAtStake: 1, lotOrder: ['C', 'A', 'B'], value: 5 }],
    };
    expect(Object.fromEntries(allocationRemarks(allocation))).toEqual({
      A: ['delegates.result.remarkLotLost'],
      B: ['delegates.result.remarkLotLost'],
      C: ['delegates.result.remarkLotWon'],
      D: ['delegates.result.remarkMinimum'],
      E: ['delegates.result.remarkNoMembers'],
    });
  });

  it('gives two seats at stake to the first two of the drawn order', () => {
    const remarks = allocationRemarks({
      units: [unit('A', 4, 1), unit('B', 4, 1), unit('C', 4, 0)],
      ties: [{ units: ['A', 'B', 'C'], seatsAtStake: 2, lotOrder: ['B', 'A', 'C'], value: 4 }],
    });
    expect(remarks.get('A')).toEqual(['delegates.result.remarkLotWon']);
    expect(remarks.get('B')).toEqual(['delegates.result.remarkLotWon']);
    expect(remarks.get('C')).toEqual(['delegates.result.remarkLotLost']);
  });
});
