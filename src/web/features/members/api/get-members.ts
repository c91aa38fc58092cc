import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { MemberList, MemberListQuery } from '@/contracts/members';
import { apiGet } from '@/web/lib/api-client';

/** The list's filters as the page holds them (limit and cursor are the query's business). */
export type MemberFilters = Partial<Omit<MemberListQuery, 'limit' | 'cursor'>>;

export const MEMBER_PAGE_SIZE = 200;

export function memberListParams(filters: MemberFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  return params;
}

export function membersQueryOptions(filters: MemberFilters) {
  return infiniteQueryOptions({
    queryKey: ['members', 'list', filters],
    queryFn: ({ signal, pageParam }) => {
      const params = memberListParams(filters);
      params.set('limit', String(MEMBER_PAGE_SIZE));
      if (pageParam) params.set('cursor', pageParam);
      return apiGet<MemberList>(`/api/v1/members?${params.toString()}`, signal);
    },
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** `GET /api/v1/members?q=&unit=&status=&asOf=…`, page after page (keyset cursor). */
export function useMembers(filters: MemberFilters, enabled = true) {
  return useInfiniteQuery({ ...membersQueryOptions(filters), enabled });
}
