import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { createMemberInputSchema, Member } from '@/contracts/members';
import { apiPost } from '@/web/lib/api-client';

export type CreateMemberBody = z.input<typeof createMemberInputSchema>;

/** `POST /api/v1/members` */
export function useCreateMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateMemberBody) => apiPost<Member>('/api/v1/members', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['members', 'list'] }),
  });
}
