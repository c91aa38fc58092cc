import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ImportMapping, savedMappingSchema } from '@/contracts/imports';
import { apiGet, apiPost } from '@/web/lib/api-client';

export type SavedMapping = z.infer<typeof savedMappingSchema>;

export const importMappingsQueryOptions = queryOptions({
  queryKey: ['imports', 'mappings'],
  queryFn: ({ signal }) => apiGet<{ items: SavedMapping[] }>('/api/v1/imports/mappings', signal),
});

/** `GET /api/v1/imports/mappings`: the column mappings saved so far. */
export function useImportMappings() {
  return useQuery(importMappingsQueryOptions);
}

/** `POST /api/v1/imports/mappings`: saves (or replaces) a mapping under a name. */
export function useSaveImportMapping() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; mapping: ImportMapping }) =>
      apiPost<SavedMapping>('/api/v1/imports/mappings', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['imports', 'mappings'] }),
  });
}
