import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { cataloguesSchema } from '@/contracts/members';
import { useI18n } from '@/web/components/i18n/i18n';
import { apiGet } from '@/web/lib/api-client';

export type Catalogues = z.infer<typeof cataloguesSchema>;
export type CatalogueEntry = Catalogues['functions'][number];

/** `GET /api/v1/member-catalogues`: functions, mandates and associations (Vereinigungen). */
export function useMemberCatalogues() {
  return useQuery({
    queryKey: ['members', 'catalogues'],
    queryFn: ({ signal }) => apiGet<Catalogues>('/api/v1/member-catalogues', signal),
    staleTime: 10 * 60_000,
  });
}

/** Select options of a catalogue in the reader's language (inactive entries only when still in use). */
export function useCatalogueOptions(kind: keyof Catalogues, includeInactive = false) {
  const { language } = useI18n();
  const catalogues = useMemberCatalogues();
  return (catalogues.data?.[kind] ?? [])
    .filter((entry) => includeInactive || entry.active)
    .map((entry) => ({ value: entry.code, label: language === 'en' ? entry.nameEn : entry.name }));
}
