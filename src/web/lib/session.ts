import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me, SessionState } from '@/contracts/access';
import type { Permission } from '@/contracts/permissions';
import { ApiError, apiGet, apiPost } from '@/web/lib/api-client';

export type { Me };

/**
 * `GET /api/v1/auth/session`: the signed-in account, or null when nobody is signed in. It answers
 * 200 for anonymous visitors, so a public page causes no failed request in the browser.
 */
export const meQueryOptions = queryOptions({
  queryKey: ['me'],
  queryFn: async ({ signal }): Promise<Me | null> => {
    try {
      return (await apiGet<SessionState>('/api/v1/auth/session', signal)).me;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 60_000,
});

export interface Session {
  /** undefined while the first answer is on its way. */
  me: Me | null | undefined;
  isPending: boolean;
  /** The question itself failed (server unreachable), as opposed to "nobody is signed in". */
  error: unknown;
  refetch: () => void;
  signedIn: boolean;
  /** Whether the account holds the permission at one unit at least (the server checks the unit). */
  can: (permission: Permission) => boolean;
}

/** Who is signed in and what they may do; every feature asks this hook, never the cookie. */
export function useMe(): Session {
  const query = useQuery(meQueryOptions);
  const me = query.data;
  return {
    me,
    isPending: query.isPending,
    error: query.error,
    refetch: () => void query.refetch(),
    signedIn: Boolean(me),
    can: (permission) =>
      Boolean(me && !me.twoFactor.enrolmentRequired && me.permissions.includes(permission)),
  };
}

/** `POST /api/v1/auth/logout` or `/auth/logout-all`; afterwards every cached answer is dropped. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (scope: 'here' | 'everywhere') =>
      apiPost<{ status: 'ok' }>(scope === 'here' ? '/api/v1/auth/logout' : '/api/v1/auth/logout-all', {}),
    onSettled: () => {
      queryClient.setQueryData(meQueryOptions.queryKey, null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'me' });
    },
  });
}
