import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ImportJob } from '@/web/features/imports/api/start-import';
import { apiPost } from '@/web/lib/api-client';

/** `POST /api/v1/imports/{id}/cancel`: rows already written stay (each batch is whole). */
export function useCancelImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiPost<ImportJob>(`/api/v1/imports/${id}/cancel`, {}),
    onSuccess: (job) => queryClient.setQueryData(['imports', 'job', job.id], job),
  });
}
