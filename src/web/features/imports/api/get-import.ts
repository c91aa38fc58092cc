import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ImportJob } from '@/web/features/imports/api/start-import';
import { apiGet } from '@/web/lib/api-client';

const running = (job: ImportJob | undefined) => !job || job.status === 'queued' || job.status === 'running';

export function importJobQueryOptions(id: string) {
  return queryOptions({
    queryKey: ['imports', 'job', id],
    queryFn: ({ signal }) => apiGet<ImportJob>(`/api/v1/imports/${id}`, signal),
    // Asked again every second while the job runs; a finished job does not change any more.
    refetchInterval: (query) => (running(query.state.data) ? 1000 : false),
  });
}

/** `GET /api/v1/imports/{id}`: progress and, once finished, the summary. */
export function useImportJob(id: string | null) {
  return useQuery({ ...importJobQueryOptions(id ?? ''), enabled: id !== null });
}
