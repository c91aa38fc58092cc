import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { User, userListSchema } from '@/contracts/access';
import { apiGet } from '@/web/lib/api-client';

export type { User };
export type UserList = z.infer<typeof userListSchema>;
export interface UserListFilter {
  q?: string;
  active?: 'true' | 'false';
}

export function usersQueryOptions(filter: UserListFilter) {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  if (filter.active) params.set('active', filter.active);
  const search = params.toString();
  return queryOptions({
    queryKey: ['users', 'list', filter],
    queryFn: ({ signal }) => apiGet<UserList>(`/api/v1/users${search ? `?${search}` : ''}`, signal),
  });
}

/** `GET /api/v1/users?q=…&active=…`: only accounts within the caller's units. */
export function useUsers(filter: UserListFilter) {
  return useQuery({ ...usersQueryOptions(filter), placeholderData: keepPreviousData });
}
