import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { UnitListQuery, unitListSchema } from '@/contracts/units';
import { useT } from '@/web/components/i18n/i18n';
import { apiGet } from '@/web/lib/api-client';
import { partyName } from '@/web/features/units/unit-names';

export type UnitList = z.infer<typeof unitListSchema>;

export function unitsQueryOptions(query: UnitListQuery) {
  const params = new URLSearchParams();
  if (query.level) params.set('level', query.level);
  if (query.parent) params.set('parent', query.parent);
  const search = params.toString();
  return queryOptions({
    queryKey: ['units', 'list', query],
    queryFn: ({ signal }) => apiGet<UnitList>(`/api/v1/units${search ? `?${search}` : ''}`, signal),
    // The party's structure changes a few times a year.
    staleTime: 5 * 60_000,
  });
}

/** `GET /api/v1/units?level=…&parent=…` */
export function useUnits(query: UnitListQuery) {
  return useQuery(unitsQueryOptions(query));
}

/** The Landesverband at the root of this installation, if the database has one yet. */
export function useStateUnit() {
  const query = useUnits({ level: 'state' });
  return { ...query, unit: query.data?.items[0] };
}

/**
 * "Musterpartei · Landesverband Hessen": the party (the federal unit, when the database has one)
 * and the Landesverband this installation serves. Undefined until known.
 */
export function useOrganisationName(): string | undefined {
  const t = useT();
  const state = useStateUnit().unit;
  const party = useUnits({ level: 'federal' }).data?.items[0];
  if (!state) return undefined;
  return party ? t('app.unitLine', { party: partyName(party.name), unit: state.name }) : state.name;
}
