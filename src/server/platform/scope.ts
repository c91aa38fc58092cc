import { memberFieldGroups, roles, type MemberField, type RoleKey } from '@/contracts/access';
import type { Permission } from '@/contracts/permissions';
import type { UnitLevel } from '@/contracts/units';

/** One grant as the actor holds it: a role at a unit, valid for the unit's whole subtree. */
export interface ActorGrant {
  role: RoleKey;
  unitId: number;
  unitCode: string;
  unitName: string;
  unitLevel: UnitLevel;
  /** The ids of the unit and its whole subtree. */
  unitIds: ReadonlySet<number>;
}

/**
 * Where the actor may do what: for each permission the ids of the units (whole subtrees already
 * expanded) where it holds it. Computed once per request by the access module; the scoped
 * transaction hands the member-data sets to PostgreSQL so that row-level security enforces them too.
 */
export interface Scope {
  readonly units: Readonly<Partial<Record<Permission, ReadonlySet<number>>>>;
  /** Units where a role with memberFields 'all' grants member:read (birthdate, notes visible). */
  readonly fullMemberFields: ReadonlySet<number>;
}

/** Who acts: a signed-in account (session) or an integration (API token). */
export interface Actor {
  userId: number;
  email: string;
  displayName: string;
  /** Set when the request came with an API token; its permissions are already cut to the token's. */
  tokenId: number | null;
  sessionId: number | null;
  grants: readonly ActorGrant[];
  scope: Scope;
  /** A role requires a second factor that the account has not enrolled: only enrolment is allowed. */
  enrolmentRequired: boolean;
  /** The request this actor made, for the audit trail. */
  request?: { id?: string; ip?: string };
}

export const emptyScope: Scope = { units: {}, fullMemberFields: new Set() };

/** Does the actor hold the permission at this unit (through a grant at it or at an ancestor)? */
export function can(actor: Actor | null, permission: Permission, unitId: number): boolean {
  return actor?.scope.units[permission]?.has(unitId) ?? false;
}

/** Does the actor hold the permission at one unit at least? */
export function canAnywhere(actor: Actor | null, permission: Permission): boolean {
  return (actor?.scope.units[permission]?.size ?? 0) > 0;
}

/** The ids of the units where the actor holds the permission, ascending. */
export function unitIdsWith(actor: Actor | null, permission: Permission): number[] {
  const set = actor?.scope.units[permission];
  return set ? [...set].sort((a, b) => a - b) : [];
}

/** The permissions held at one unit at least. */
export function heldPermissions(actor: Actor | null): Permission[] {
  if (!actor) return [];
  return (Object.keys(actor.scope.units) as Permission[]).filter((p) => canAnywhere(actor, p));
}

/**
 * The field rules of the member record: which fields of a member in unit `unitId` the actor may
 * see. Contact fields need member:read there; birthdate, gender and notes additionally a role
 * whose memberFields is 'all' (not local-chair); bank data needs member:finance:read there.
 * The member service removes every other field before a record leaves the server.
 */
export function visibleMemberFields(actor: Actor | null, unitId: number): ReadonlySet<MemberField> {
  const fields = new Set<MemberField>();
  if (!can(actor, 'member:read', unitId)) return fields;
  for (const f of memberFieldGroups.contact) fields.add(f);
  if (actor!.scope.fullMemberFields.has(unitId)) for (const f of memberFieldGroups.personal) fields.add(f);
  if (can(actor, 'member:finance:read', unitId)) for (const f of memberFieldGroups.finance) fields.add(f);
  return fields;
}

/** A copy of a member-shaped object without the fields the actor may not see (they become absent). */
export function maskMember<T extends Record<string, unknown>>(
  actor: Actor | null,
  unitId: number,
  record: T,
): Partial<T> {
  const visible = visibleMemberFields(actor, unitId) as ReadonlySet<string>;
  const hidden = new Set<string>([
    ...memberFieldGroups.personal,
    ...memberFieldGroups.finance,
    ...memberFieldGroups.contact,
  ]);
  // Fields outside the known groups (e.g. computed display values) pass only with member:read.
  const readable = visible.size > 0;
  return Object.fromEntries(
    Object.entries(record).filter(([key]) => (hidden.has(key) ? visible.has(key) : readable)),
  ) as Partial<T>;
}

/**
 * Builds a scope from grants (each with its subtree's unit ids), optionally cut down to the
 * permissions of an API token. Pure, so the rules are unit-testable.
 */
export function buildScope(grants: readonly ActorGrant[], onlyPermissions?: ReadonlySet<Permission>): Scope {
  const units: Partial<Record<Permission, Set<number>>> = {};
  const fullMemberFields = new Set<number>();
  for (const grant of grants) {
    const role = roles[grant.role];
    const ids = grant.unitIds;
    for (const permission of role.permissions) {
      if (onlyPermissions && !onlyPermissions.has(permission)) continue;
      const set = (units[permission] ??= new Set());
      for (const id of ids) set.add(id);
      if (permission === 'member:read' && role.memberFields === 'all')
        for (const id of ids) fullMemberFields.add(id);
    }
  }
  return { units, fullMemberFields };
}
