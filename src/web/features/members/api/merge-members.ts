import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { DuplicateCandidate, Member, mergeInputSchema, mergeResultSchema } from '@/contracts/members';
import { apiPost } from '@/web/lib/api-client';

export type MergeInput = z.input<typeof mergeInputSchema>;
export type MergeResult = z.infer<typeof mergeResultSchema>;

/** `POST /api/v1/members/duplicate-check` for a stored record: its likely duplicates. */
export function useDuplicatesOf(member: Member | undefined) {
  return useQuery({
    queryKey: ['members', 'duplicates-of', member?.id, member?.version],
    enabled: member !== undefined,
    queryFn: () =>
      apiPost<{ candidates: DuplicateCandidate[] }>('/api/v1/members/duplicate-check', {
        excludeId: member!.id,
        firstName: member!.firstName,
        lastName: member!.lastName,
        birthdate: member!.birthdate ?? null,
        email: member!.email,
        phone: member!.phone,
        street: member!.street,
        houseNumber: member!.houseNumber,
        postcode: member!.postcode,
      }).then((answer) => answer.candidates),
  });
}

/** `POST /api/v1/members/merges`: the second record goes into the first, then is retired. */
export function useMergeMembers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MergeInput) => apiPost<MergeResult>('/api/v1/members/merges', input),
    onSuccess: (result) => {
      queryClient.removeQueries({ queryKey: ['members', 'detail', result.retiredId] });
      void queryClient.invalidateQueries({ queryKey: ['members'] });
    },
  });
}

/** `POST /api/v1/members/merges/{id}/undo`, within a day of the merge. */
export function useUndoMerge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mergeId: number) =>
      apiPost<{ keptId: number; restoredId: number }>(`/api/v1/members/merges/${mergeId}/undo`, {}),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['members'] }),
  });
}
