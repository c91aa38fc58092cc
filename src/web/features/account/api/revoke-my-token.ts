import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/web/lib/api-client';
import { myTokensQueryOptions } from '@/web/features/account/api/get-my-tokens';

/** `DELETE /api/v1/me/tokens/{id}` */
export function useRevokeMyToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiRequest<null>(`/api/v1/me/tokens/${id}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: myTokensQueryOptions.queryKey }),
  });
}
