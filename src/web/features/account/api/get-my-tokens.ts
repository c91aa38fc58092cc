import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiToken } from '@/contracts/access';
import { apiGet } from '@/web/lib/api-client';

export type { ApiToken };

export const myTokensQueryOptions = queryOptions({
  queryKey: ['me', 'tokens'],
  queryFn: ({ signal }) => apiGet<{ items: ApiToken[] }>('/api/v1/me/tokens', signal),
});

/** `GET /api/v1/me/tokens` */
export function useMyTokens() {
  return useQuery(myTokensQueryOptions);
}
