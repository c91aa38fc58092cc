import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { MemberStatistics, StatisticsQuery } from '@/contracts/statistics';
import { apiGet } from '@/web/lib/api-client';

export function memberStatisticsQueryOptions(query: StatisticsQuery) {
  const params = new URLSearchParams();
  if (query.unit) params.set('unit', query.unit);
  if (query.asOf) params.set('asOf', query.asOf);
  const search = params.toString();
  return queryOptions({
    queryKey: ['statistics', 'members', query],
    queryFn: ({ signal }) =>
      apiGet<MemberStatistics>(`/api/v1/statistics/members${search ? `?${search}` : ''}`, signal),
    staleTime: 60_000,
  });
}

/** `GET /api/v1/statistics/members?unit=…&asOf=…` */
export function useMemberStatistics(query: StatisticsQuery) {
  // Keep the last figures on screen while another day or unit loads.
  return useQuery({ ...memberStatisticsQueryOptions(query), placeholderData: keepPreviousData });
}
