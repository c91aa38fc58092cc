import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Allocation } from '@/contracts/delegates';
import { apiGet } from '@/web/lib/api-client';

export function allocationQueryOptions(id: number) {
  return queryOptions({
    queryKey: ['delegates', 'allocations', 'one', id],
    queryFn: ({ signal }) => apiGet<Allocation>(`/api/v1/delegates/allocations/${id}`, signal),
    // A stored allocation never changes: it is a snapshot.
    staleTime: Infinity,
  });
}

/** `GET /api/v1/delegates/allocations/:id`: one stored allocation with its snapshot and seed. */
export function useAllocation(id: number | undefined) {
  return useQuery({ ...allocationQueryOptions(id ?? 0), enabled: id !== undefined });
}

/** Where the browser downloads the table (German Excel) and the OpenSlides participant list. */
export const allocationDownloads = (id: number) => ({
  table: `/api/v1/delegates/allocations/${id}/table.csv`,
  openSlides: `/api/v1/delegates/allocations/${id}/openslides.csv`,
});
