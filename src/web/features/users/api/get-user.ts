import { queryOptions, useQuery } from '@tanstack/react-query';
import type { User } from '@/contracts/access';
import { apiGet } from '@/web/lib/api-client';

export function userQueryOptions(id: number) {
  return queryOptions({
    queryKey: ['users', 'one', id],
    queryFn: ({ signal }) => apiGet<User>(`/api/v1/users/${id}`, signal),
  });
}

/** `GET /api/v1/users/{id}` */
export function useUser(id: number) {
  return useQuery(userQueryOptions(id));
}
