import type { Allocation } from '@/contracts/delegates';
import type { MessageKey } from '@/web/components/i18n/translate';

/**
 * The remarks of each unit's row: no members, raised to the minimum, won or lost a lot. A unit won
 * the lot when it is among the first `seatsAtStake` units of the drawn order.
 */
export function allocationRemarks(a: Pick<Allocation, 'units' | 'ties'>): Map<string, MessageKey[]> {
  const lot = new Map<string, 'won' | 'lost'>();
  for (const tie of a.ties) {
    tie.lotOrder.forEach((code, i) => lot.set(code, i < tie.seatsAtStake ? 'won' : 'lost'));
  }
  const remarks = new Map<string, MessageKey[]>();
  for (const u of a.units) {
    const list: MessageKey[] = [];
    if (u.count === 0) list.push('delegates.result.remarkNoMembers');
    if (u.raisedToMinimum) list.push('delegates.result.remarkMinimum');
    const drawn = lot.get(u.code);
    if (drawn === 'won') list.push('delegates.result.remarkLotWon');
    if (drawn === 'lost') list.push('delegates.result.remarkLotLost');
    remarks.set(u.code, list);
  }
  return remarks;
}
