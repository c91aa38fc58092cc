import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { exportJobSchema } from '@/contracts/exports';
import { apiGet } from '@/web/lib/api-client';

export type ExportJob = z.infer<typeof exportJobSchema>;

const running = (job: ExportJob | undefined) => !job || job.status === 'queued' || job.status === 'running';

export function exportJobQueryOptions(id: string) {
  return queryOptions({
    queryKey: ['exports', 'job', id],
    queryFn: ({ signal }) => apiGet<ExportJob>(`/api/v1/exports/${id}`, signal),
    refetchInterval: (query) => (running(query.state.data) ? 1000 : false),
  });
}

/** `GET /api/v1/exports/{id}`: progress and, once done, the file's name, rows and expiry. */
export function useExportJob(id: string | null) {
  return useQuery({ ...exportJobQueryOptions(id ?? ''), enabled: id !== null });
}

/** The download link of a finished export (valid until its expiry). */
export const exportDownloadUrl = (id: string, token: string) =>
  `/api/v1/exports/${id}/download?token=${encodeURIComponent(token)}`;
