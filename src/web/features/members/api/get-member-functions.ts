import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { functionsAndMandatesSchema } from '@/contracts/members';
import { apiGet } from '@/web/lib/api-client';

export type FunctionsAndMandates = z.infer<typeof functionsAndMandatesSchema>;

/** `GET /api/v1/members/{id}/functions` */
export function useMemberFunctions(id: number, enabled = true) {
  return useQuery({
    enabled,
    queryKey: ['members', 'functions', id],
    queryFn: ({ signal }) => apiGet<FunctionsAndMandates>(`/api/v1/members/${id}/functions`, signal),
  });
}
