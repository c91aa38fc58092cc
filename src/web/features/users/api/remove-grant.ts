import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { User } from '@/contracts/access';
import { apiRequest } from '@/web/lib/api-client';

/** `DELETE /api/v1/users/{id}/grants/{grantId}` */
export function useRemoveGrant(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (grantId: number) =>
      apiRequest<User>(`/api/v1/users/${userId}/grants/${grantId}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
