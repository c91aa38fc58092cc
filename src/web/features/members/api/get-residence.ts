import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { isValidPostcode } from '@/contracts/contact';
import type { residenceAnswerSchema } from '@/contracts/members';
import { apiGet } from '@/web/lib/api-client';

export type ResidenceAnswer = z.infer<typeof residenceAnswerSchema>;

/** `GET /api/v1/residence?postcode=`: the Gemeinden (and units) of a German postcode. */
export function useResidence(postcode: string, country: string) {
  const code = postcode.trim();
  return useQuery({
    queryKey: ['residence', code],
    queryFn: ({ signal }) =>
      apiGet<ResidenceAnswer>(`/api/v1/residence?postcode=${encodeURIComponent(code)}`, signal),
    enabled: country === 'DE' && isValidPostcode(code, 'DE'),
    staleTime: 60 * 60_000,
  });
}
