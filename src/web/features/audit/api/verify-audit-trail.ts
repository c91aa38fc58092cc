import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AuditVerifyResult } from '@/contracts/audit';
import { apiGet } from '@/web/lib/api-client';

export const auditVerifyQueryOptions = queryOptions({
  queryKey: ['audit', 'verify'],
  queryFn: ({ signal }) => apiGet<AuditVerifyResult>('/api/v1/audit/verify', signal),
});

/** `GET /api/v1/audit/verify`: the hash chain and the signed checkpoints of the whole trail. */
export function useAuditVerification() {
  return useQuery(auditVerifyQueryOptions);
}
