import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Allocation } from '@/contracts/delegates';
import { apiGet } from '@/web/lib/api-client';

export const allocationsQueryOptions = queryOptions({
  queryKey: ['delegates', 'allocations', 'list'],
  queryFn: ({ signal }) => apiGet<{ items: Allocation[] }>('/api/v1/delegates/allocations', signal),
});

/** `GET /api/v1/delegates/allocations`: the stored allocations, newest first. */
export function useAllocations() {
  return useQuery(allocationsQueryOptions);
}
