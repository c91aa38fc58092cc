import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Member, TransitionInput } from '@/contracts/members';
import { apiRequest } from '@/web/lib/api-client';
import { memberQueryKey } from '@/web/features/members/api/get-member';

/** `POST /api/v1/members/{id}/transitions` with If-Match. */
export function useApplyTransition(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, input }: { version: number; input: TransitionInput }) =>
      apiRequest<Member>(`/api/v1/members/${id}/transitions`, {
        method: 'POST',
        body: input,
        headers: { 'if-match': `"${version}"` },
      }),
    onSuccess: (member) => {
      queryClient.setQueryData(memberQueryKey(id), member);
      void queryClient.invalidateQueries({ queryKey: ['members', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['members', 'history', id] });
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
}
