import { describe, expect, it } from 'vitest';
import type { Grant } from '@/contracts/access';
import type { Unit } from '@/contracts/units';
import { unitsWithin } from '@/web/features/users/manageable-units';

const unit = (code: string, name: string, parentCode: string | null): Unit => ({
  code,
  name,
  level: parentCode ? 'district' : 'state',
  parentCode,
  ags: null,
});
const units = [
  unit('HE', 'Landesverband Hessen', null),
  unit('HE-06631', 'Kreisverband Fulda', 'HE'),
  unit('HE-06631-001', 'Ortsverband Fulda', 'HE-06631'),
  unit('HE-06631-002', 'Ortsverband Eichenzell', 'HE-06631'),
  unit('HE-06611', 'Kreisverband Kassel', 'HE'),
];
const grant = (role: Grant['role'], unitCode: string): Grant => ({
  id: 1,
  role,
  roleName: '',
  unitCode,
  unitName: '',
  unitLevel: 'district',
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('unitsWithin', () => {
  it('keeps the subtree of a grant whose role has the permission, parents before children', () => {
    expect(
      unitsWithin(units, [grant('district-admin', 'HE-06631')], 'user:manage').map((u) => u.code),
    ).toEqual(['HE-06631', 'HE-06631-002', 'HE-06631-001']);
  });
  it('ignores grants whose role lacks the permission', () => {
    expect(unitsWithin(units, [grant('local-chair', 'HE')], 'user:manage')).toEqual([]);
  });
  it('a grant at the root covers every unit', () => {
    expect(unitsWithin(units, [grant('state-admin', 'HE')], 'user:manage')).toHaveLength(5);
  });
});
