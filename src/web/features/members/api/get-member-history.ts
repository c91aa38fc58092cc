import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { memberHistorySchema } from '@/contracts/members';
import { apiGet } from '@/web/lib/api-client';

export type MemberHistory = z.infer<typeof memberHistorySchema>;

/** `GET /api/v1/members/{id}/history` */
export function useMemberHistory(id: number, version: number | undefined) {
  return useQuery({
    queryKey: ['members', 'history', id, version],
    queryFn: ({ signal }) => apiGet<MemberHistory>(`/api/v1/members/${id}/history`, signal),
    enabled: version !== undefined,
  });
}
