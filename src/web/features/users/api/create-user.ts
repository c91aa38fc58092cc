import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CreateUserInput, createUserResultSchema } from '@/contracts/access';
import { apiPost } from '@/web/lib/api-client';

export type CreateUserResult = z.infer<typeof createUserResultSchema>;

/** `POST /api/v1/users`: persons get a one-time setup link, shown in this answer. */
export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Omit<CreateUserInput, 'kind'>) => apiPost<CreateUserResult>('/api/v1/users', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
