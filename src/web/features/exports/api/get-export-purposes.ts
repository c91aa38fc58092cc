import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ExportPurpose } from '@/contracts/exports';
import { apiGet } from '@/web/lib/api-client';

export const exportPurposesQueryOptions = queryOptions({
  queryKey: ['exports', 'purposes'],
  queryFn: ({ signal }) => apiGet<{ items: ExportPurpose[] }>('/api/v1/exports/purposes', signal),
  staleTime: 5 * 60_000,
});

/** `GET /api/v1/exports/purposes`: why an export may be made (one is required). */
export function useExportPurposes(enabled = true) {
  return useQuery({ ...exportPurposesQueryOptions, enabled });
}
