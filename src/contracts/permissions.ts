/**
 * Permissions are `entity:action`, granted through roles at a unit and valid for its subtree.
 * Every route declares one of these, or `public` for routes anyone may call.
 */
export const permissions = [
  'unit:read',
  'unit:manage',
  'member:read',
  'member:create',
  'member:update',
  'member:export',
  'member:finance:read',
  'user:manage',
  'audit:read',
] as const;

export type Permission = (typeof permissions)[number];
export type RouteAccess = Permission | 'public' | 'authenticated';
