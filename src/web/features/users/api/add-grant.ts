import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RoleKey, User } from '@/contracts/access';
import { apiPost } from '@/web/lib/api-client';

/** `POST /api/v1/users/{id}/grants`: refused beyond the caller's own scope and permissions. */
export function useAddGrant(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { role: RoleKey; unitCode: string }) =>
      apiPost<User>(`/api/v1/users/${userId}/grants`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
