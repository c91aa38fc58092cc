import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiError } from '@/web/lib/api-client';
import { parseImportReport, type ReportLine } from '@/web/features/imports/import-report';

export const importReportUrl = (id: string) => `/api/v1/imports/${id}/report.csv`;

export function importReportQueryOptions(id: string) {
  return queryOptions({
    queryKey: ['imports', 'report', id],
    queryFn: async ({ signal }): Promise<ReportLine[]> => {
      let response: Response;
      try {
        response = await fetch(importReportUrl(id), { credentials: 'same-origin', signal });
      } catch (error) {
        if (signal.aborted) throw error;
        throw new ApiError('network', 0);
      }
      if (!response.ok)
        throw new ApiError(response.status === 404 ? 'import.not_found' : 'unknown', response.status);
      return parseImportReport(await response.text());
    },
    staleTime: Infinity,
  });
}

/**
 * `GET /api/v1/imports/{id}/report.csv`, read for the page: the same file the person can download
 * for Excel, so the screen and the download never disagree.
 */
export function useImportReport(id: string | null, enabled: boolean) {
  return useQuery({ ...importReportQueryOptions(id ?? ''), enabled: enabled && id !== null });
}
