import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Member, updateMemberInputSchema } from '@/contracts/members';
import { apiRequest } from '@/web/lib/api-client';
import { memberQueryKey } from '@/web/features/members/api/get-member';

export type MemberPatch = z.input<typeof updateMemberInputSchema>;

/** `PATCH /api/v1/members/{id}` with If-Match: the version the change was made on. */
export function updateMember(id: number, version: number, patch: MemberPatch): Promise<Member> {
  return apiRequest<Member>(`/api/v1/members/${id}`, {
    method: 'PATCH',
    body: patch,
    headers: { 'if-match': `"${version}"` },
  });
}

export function useUpdateMember(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, patch }: { version: number; patch: MemberPatch }) =>
      updateMember(id, version, patch),
    onSuccess: (member) => {
      queryClient.setQueryData(memberQueryKey(id), member);
      void queryClient.invalidateQueries({ queryKey: ['members', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['members', 'history', id] });
    },
  });
}
