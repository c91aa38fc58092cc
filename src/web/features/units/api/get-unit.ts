import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Unit } from '@/contracts/units';
import { apiGet } from '@/web/lib/api-client';

export function unitQueryOptions(code: string) {
  return queryOptions({
    queryKey: ['units', 'one', code],
    queryFn: ({ signal }) => apiGet<Unit>(`/api/v1/units/${encodeURIComponent(code)}`, signal),
    staleTime: 5 * 60_000,
  });
}

/** `GET /api/v1/units/{code}` */
export function useUnit(code: string | null | undefined) {
  return useQuery({ ...unitQueryOptions(code ?? ''), enabled: Boolean(code) });
}
