import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { User } from '@/contracts/access';
import { apiRequest } from '@/web/lib/api-client';

/** `PATCH /api/v1/users/{id}`: rename, deactivate (ends all sessions) or reactivate. */
export function useUpdateUser(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { displayName?: string; active?: boolean }) =>
      apiRequest<User>(`/api/v1/users/${id}`, { method: 'PATCH', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
