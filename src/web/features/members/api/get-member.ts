import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Member } from '@/contracts/members';
import { apiGet } from '@/web/lib/api-client';

export const memberQueryKey = (id: number) => ['members', 'detail', id] as const;

export function memberQueryOptions(id: number) {
  return queryOptions({
    queryKey: memberQueryKey(id),
    // The record carries its version (the ETag); writes send it back as If-Match.
    queryFn: ({ signal }) => apiGet<Member>(`/api/v1/members/${id}`, signal),
  });
}

/** `GET /api/v1/members/{id}` */
export function useMember(id: number) {
  return useQuery(memberQueryOptions(id));
}
