import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '@/web/lib/api-client';

/** `POST /api/v1/notifications/{id}/done` (for the whole unit). */
export function useMarkNotificationDone() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiPost<null>(`/api/v1/notifications/${id}/done`, {}),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['tasks'] }),
  });
}
