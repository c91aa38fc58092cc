import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AccessReport } from '@/contracts/audit';
import { apiGet } from '@/web/lib/api-client';

export type { AccessReport };

export function accessReportUrl(memberId: number, format: 'json' | 'pdf', purpose?: string): string {
  const params = new URLSearchParams({ format });
  if (purpose) params.set('purpose', purpose);
  return `/api/v1/members/${memberId}/access-report?${params.toString()}`;
}

export function accessReportQueryOptions(memberId: number, purpose?: string) {
  return queryOptions({
    queryKey: ['audit', 'access-report', memberId, purpose ?? ''],
    queryFn: ({ signal }) => apiGet<AccessReport>(accessReportUrl(memberId, 'json', purpose), signal),
    // Every fetch is itself recorded in the trail: fetch once per request of the user.
    staleTime: Infinity,
  });
}

/** `GET /api/v1/members/{id}/access-report` (GDPR Art. 15); disabled until a member is chosen. */
export function useAccessReport(memberId: number | undefined, purpose?: string) {
  return useQuery({ ...accessReportQueryOptions(memberId ?? 0, purpose), enabled: memberId !== undefined });
}
