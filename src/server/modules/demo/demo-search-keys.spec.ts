import { describe, expect, it } from 'vitest';
import { buildUnits, generateMembers } from '@/server/modules/demo/demo-generator';
import { loadDemoReference } from '@/server/modules/demo/demo-reference';
import { createSearchKeyCache } from '@/server/modules/demo/demo-search-keys';
import { searchKeysFor } from '@/server/modules/members/search-keys';

describe('memoised search keys', () => {
  it('equal searchKeysFor() of the member file for generated members', () => {
    const reference = loadDemoReference();
    const keysOf = createSearchKeyCache();
    const members = [
      ...generateMembers(reference, buildUnits(reference), { members: 3000, seed: 5, asOf: '2026-11-01' }),
    ];
    // Twice: the second round answers from the caches.
    for (const round of [1, 2]) {
      const differing = members.filter((m) => JSON.stringify(keysOf(m)) !== JSON.stringify(searchKeysFor(m)));
      expect(
        differing.map((m) => `${round}: ${m.firstName} ${m.lastName}, ${m.street} ${m.houseNumber}`),
      ).toEqual([]);
    }
  });

  it('equal searchKeysFor() for particles, double names, umlauts and missing addresses', () => {
    const keysOf = createSearchKeyCache();
    const people = [
      {
        firstName: 'Hans-Peter',
        lastName: 'von der Heide',
        street: 'Große Str.',
        houseNumber: '12 a',
        postcode: ' 36037',
      },
      {
        firstName: 'Zoë',
        lastName: 'Müller-Lüdenscheidt',
        street: null,
        houseNumber: null,
        postcode: '60311',
      },
      { firstName: 'Jürgen', lastName: 'Groß', street: 'Am Markt', houseNumber: null, postcode: null },
    ];
    for (const p of people) expect(keysOf(p)).toEqual(searchKeysFor(p));
  });
});
