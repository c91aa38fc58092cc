import { useMutation } from '@tanstack/react-query';
import { apiPost } from '@/web/lib/api-client';

/** `POST /api/v1/users/{id}/setup-link`: a new one-time link; older ones stop working. */
export function useReissueSetupLink(userId: number) {
  return useMutation({
    mutationFn: () => apiPost<{ setupLink: string }>(`/api/v1/users/${userId}/setup-link`, {}),
  });
}
