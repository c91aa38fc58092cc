import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { mandateDirectorySchema, mandateLevels } from '@/contracts/members';
import { apiGet } from '@/web/lib/api-client';

export type MandateLevel = (typeof mandateLevels)[number];

export type MandateDirectory = z.infer<typeof mandateDirectorySchema>;

/** `GET /api/v1/mandates?level=&unit=&activeOn=`: who holds a mandate today (or on a given day). */
export function useMandateDirectory(query: {
  level?: MandateLevel | undefined;
  unit?: string | undefined;
  activeOn?: string | undefined;
}) {
  return useQuery({
    queryKey: ['members', 'mandates', query],
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ limit: '1000' });
      if (query.level) params.set('level', query.level);
      if (query.unit) params.set('unit', query.unit);
      if (query.activeOn) params.set('activeOn', query.activeOn);
      return apiGet<MandateDirectory>(`/api/v1/mandates?${params.toString()}`, signal);
    },
  });
}
