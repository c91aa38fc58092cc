import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AuditEntry, auditPageSchema } from '@/contracts/audit';
import { apiGet } from '@/web/lib/api-client';

export type { AuditEntry };
export type AuditPage = z.infer<typeof auditPageSchema>;

export interface AuditFilter {
  action?: string;
  actor?: number;
  entityType?: string;
  entityId?: string;
  member?: number;
  from?: string;
  to?: string;
  before?: number;
}

export function auditEntriesQueryOptions(filter: AuditFilter) {
  const params = new URLSearchParams({ limit: '50' });
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  return queryOptions({
    queryKey: ['audit', 'entries', filter],
    queryFn: ({ signal }) => apiGet<AuditPage>(`/api/v1/audit?${params.toString()}`, signal),
  });
}

/** `GET /api/v1/audit?…`: newest first, 50 a page; `before` pages backwards. */
export function useAuditEntries(filter: AuditFilter) {
  return useQuery({ ...auditEntriesQueryOptions(filter), placeholderData: keepPreviousData });
}
