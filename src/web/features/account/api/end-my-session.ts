import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '@/web/lib/api-client';
import { mySessionsQueryOptions } from '@/web/features/account/api/get-my-sessions';

/** `DELETE /api/v1/me/sessions/{id}`: signs out one other device. */
export function useEndMySession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiRequest<null>(`/api/v1/me/sessions/${id}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: mySessionsQueryOptions.queryKey }),
  });
}
