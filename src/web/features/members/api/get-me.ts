import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Me } from '@/contracts/access';
import type { Permission } from '@/contracts/permissions';
import { ApiError, apiGet } from '@/web/lib/api-client';

export const meQueryOptions = queryOptions({
  queryKey: ['me'],
  // Signed out is an answer here, not an error: null.
  queryFn: async ({ signal }) => {
    try {
      return await apiGet<Me>('/api/v1/me', signal);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 60_000,
  retry: false,
});

/** `GET /api/v1/me`: the signed-in account, or null when nobody is signed in. */
export function useMe() {
  return useQuery(meQueryOptions);
}

/** Whether the signed-in account holds the permission at one unit at least. */
export function useHasPermission(permission: Permission): boolean {
  const me = useMe().data;
  return Boolean(me?.permissions.includes(permission));
}
