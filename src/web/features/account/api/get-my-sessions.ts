import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { sessionInfoSchema } from '@/contracts/access';
import { apiGet } from '@/web/lib/api-client';

export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export const mySessionsQueryOptions = queryOptions({
  queryKey: ['me', 'sessions'],
  queryFn: ({ signal }) => apiGet<{ items: SessionInfo[] }>('/api/v1/me/sessions', signal),
});

/** `GET /api/v1/me/sessions` */
export function useMySessions() {
  return useQuery(mySessionsQueryOptions);
}
