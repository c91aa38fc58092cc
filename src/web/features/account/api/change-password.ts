import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '@/web/lib/api-client';
import { mySessionsQueryOptions } from '@/web/features/account/api/get-my-sessions';

/** `POST /api/v1/me/password`: the other sessions end. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      apiPost<{ status: 'ok' }>('/api/v1/me/password', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mySessionsQueryOptions.queryKey }),
  });
}
