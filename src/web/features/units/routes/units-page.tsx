import { Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowRight, IconBuilding, IconSearch } from '@tabler/icons-react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { ErrorState } from '@/web/components/error-state';
import { useT } from '@/web/components/i18n/i18n';
import { AnchorLink } from '@/web/components/router-links';
import { usePageTitle } from '@/web/components/use-page-title';
import { useStateUnit, useUnits } from '@/web/features/units/api/get-units';
import { UnitEmptyState } from '@/web/features/units/components/unit-empty-state';
import { UnitFilter } from '@/web/features/units/components/unit-filter';
import { TableSkeleton } from '@/web/features/units/components/table-skeleton';
import { UnitTable } from '@/web/features/units/components/unit-table';
import { filterUnits, sortUnits } from '@/web/features/units/unit-search';

/** `/gliederungen`: the Landesverband and its Kreisverbände, with a German-aware filter. */
export function UnitsPage() {
  const t = useT();
  usePageTitle(t('units.title'));
  const search = useSearch({ from: '/gliederungen' });
  const navigate = useNavigate({ from: '/gliederungen' });
  const [query, setQuery] = useState(search.q ?? '');
  const state = useStateUnit();
  const districts = useUnits({ level: 'district' });

  const sorted = useMemo(() => sortUnits(districts.data?.items ?? []), [districts.data]);
  const visible = useMemo(() => filterUnits(sorted, query), [sorted, query]);

  const changeQuery = (value: string) => {
    setQuery(value);
    // Kept in the address so that a filtered list can be bookmarked and survives "back".
    void navigate({ search: { q: value.trim() ? value : undefined }, replace: true });
  };

  return (
    <Stack gap="lg">
      <header>
        <Title order={1} mb="xs">
          {t('units.title')}
        </Title>
        <Text c="dimmed" maw={720}>
          {state.unit ? t('units.intro', { unit: state.unit.name }) : t('units.introNoState')}
        </Text>
      </header>

      {state.unit && (
        <Paper withBorder radius="md" p="md" shadow="xs">
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Group gap="sm" wrap="nowrap">
              <ThemeIcon size="lg" radius="md" variant="light" aria-hidden="true">
                <IconBuilding size={20} />
              </ThemeIcon>
              <div>
                <Text size="xs" c="dimmed" fw={600}>
                  {t('levels.state')}
                </Text>
                <Text fw={700}>{state.unit.name}</Text>
              </div>
            </Group>
            <AnchorLink to="/gliederungen/$code" params={{ code: state.unit.code }} fw={600}>
              {t('units.stateUnitLink', { unit: state.unit.name })}{' '}
              <IconArrowRight size={16} aria-hidden="true" style={{ verticalAlign: 'middle' }} />
            </AnchorLink>
          </Group>
        </Paper>
      )}

      <section aria-labelledby="districts-heading">
        <Stack gap="md">
          <Title order={2} id="districts-heading" size="h3">
            {t('units.districtsHeading')}
          </Title>
          {districts.isError ? (
            <ErrorState
              title={t('units.loadError')}
              error={districts.error}
              onRetry={() => void districts.refetch()}
              retrying={districts.isFetching}
            />
          ) : districts.isPending ? (
            <TableSkeleton />
          ) : sorted.length === 0 ? (
            <UnitEmptyState title={t('units.noUnitsTitle')} text={t('units.noUnitsText')} />
          ) : (
            <>
              <UnitFilter
                label={t('units.filterLabel')}
                placeholder={t('units.filterPlaceholder')}
                value={query}
                onChange={changeQuery}
                describedBy="districts-count"
              />
              <Text id="districts-count" size="sm" c="dimmed" role="status">
                {query.trim()
                  ? t('units.resultCountFiltered', { count: visible.length, total: sorted.length })
                  : t('units.resultCount', { count: sorted.length })}
              </Text>
              {visible.length === 0 ? (
                <UnitEmptyState
                  icon={<IconSearch aria-hidden="true" />}
                  title={t('units.emptyTitle')}
                  text={t('units.emptyText', { query: query.trim() })}
                  action={{ label: t('units.emptyReset'), onClick: () => changeQuery('') }}
                />
              ) : (
                <UnitTable units={visible} caption={t('units.tableCaptionDistricts')} />
              )}
            </>
          )}
        </Stack>
      </section>
    </Stack>
  );
}
