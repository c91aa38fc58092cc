import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { savedListInputSchema, savedListListSchema, savedListSchema } from '@/contracts/members';
import { apiGet, apiPost, apiRequest } from '@/web/lib/api-client';

export type SavedList = z.infer<typeof savedListSchema>;
export type SavedListInput = z.input<typeof savedListInputSchema>;

const savedListsKey = ['members', 'saved-lists'] as const;

/** `GET /api/v1/saved-lists`: one's own lists and those shared with one's units. */
export function useSavedLists() {
  return useQuery({
    queryKey: savedListsKey,
    queryFn: ({ signal }) => apiGet<z.infer<typeof savedListListSchema>>('/api/v1/saved-lists', signal),
  });
}

/** `POST /api/v1/saved-lists` (a list of the same name is replaced). */
export function useSaveList() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SavedListInput) => apiPost<SavedList>('/api/v1/saved-lists', input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: savedListsKey }),
  });
}

/** `DELETE /api/v1/saved-lists/{id}`: only one's own. */
export function useDeleteSavedList() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiRequest<null>(`/api/v1/saved-lists/${id}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: savedListsKey }),
  });
}
