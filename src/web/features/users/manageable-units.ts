import { roles, type Grant } from '@/contracts/access';
import type { Permission } from '@/contracts/permissions';
import type { Unit } from '@/contracts/units';

/**
 * The units in the subtree of every grant whose role carries `permission`, in tree order
 * (a unit right after its parent). The server decides; this only keeps the choice short.
 */
export function unitsWithin(
  units: readonly Unit[],
  grants: readonly Grant[],
  permission: Permission,
): Unit[] {
  const roots = new Set(
    grants.filter((g) => roles[g.role].permissions.includes(permission)).map((g) => g.unitCode),
  );
  const parentOf = new Map(units.map((u) => [u.code, u.parentCode]));
  const inside = (code: string): boolean => {
    for (let c: string | null | undefined = code; c; c = parentOf.get(c)) if (roots.has(c)) return true;
    return false;
  };
  const children = new Map<string | null, Unit[]>();
  for (const unit of units) {
    const key = unit.parentCode && parentOf.has(unit.parentCode) ? unit.parentCode : null;
    children.set(key, [...(children.get(key) ?? []), unit]);
  }
  const out: Unit[] = [];
  const walk = (parent: string | null) => {
    const list = (children.get(parent) ?? []).slice().sort((a, b) => a.name.localeCompare(b.name, 'de'));
    for (const unit of list) {
      if (inside(unit.code)) out.push(unit);
      walk(unit.code);
    }
  };
  walk(null);
  return out;
}
