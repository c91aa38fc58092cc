import { describe, expect, it } from 'vitest';
import {
  filtersFromSearch,
  searchFromFilters,
  validateMemberSearch,
} from '@/web/features/members/member-search';

describe('member list address', () => {
  it('keeps what the API accepts and drops the rest', () => {
    expect(
      validateMemberSearch({
        status: 'member,applicant',
        function: 'chair',
        consent: 'email',
        ageMin: 30,
        asOf: 'gestern',
        gender: 'robot',
        sort: 'name',
      }),
    ).toEqual({ status: 'member,applicant', function: 'chair', consent: 'email', ageMin: 30 });
  });

  it('reads a member number the router took for a number as text', () => {
    expect(validateMemberSearch({ q: 12345679 })).toEqual({ q: '12345679' });
  });

  it('turns the address into filters and back', () => {
    const filters = filtersFromSearch({ status: 'member,dormant', mandate: 'kreistag', unit: 'HE-06631' });
    expect(filters).toEqual({
      sort: 'name',
      status: ['member', 'dormant'],
      mandate: 'kreistag',
      unit: 'HE-06631',
    });
    expect(searchFromFilters(filters)).toEqual({
      status: 'member,dormant',
      mandate: 'kreistag',
      unit: 'HE-06631',
    });
  });
});
