import { Badge, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useMemo, useState, type ReactNode } from 'react';
import type { Unit } from '@/contracts/units';
import { ErrorState } from '@/web/components/error-state';
import { useT } from '@/web/components/i18n/i18n';
import { AnchorLink } from '@/web/components/router-links';
import { usePageTitle } from '@/web/components/use-page-title';
import { ApiError } from '@/web/lib/api-client';
import { useUnit } from '@/web/features/units/api/get-unit';
import { useUnits } from '@/web/features/units/api/get-units';
import { UnitBreadcrumbs } from '@/web/features/units/components/unit-breadcrumbs';
import { UnitEmptyState } from '@/web/features/units/components/unit-empty-state';
import { UnitFilter } from '@/web/features/units/components/unit-filter';
import { TableSkeleton } from '@/web/features/units/components/table-skeleton';
import { UnitTable } from '@/web/features/units/components/unit-table';
import { filterUnits, sortUnits } from '@/web/features/units/unit-search';

/** The chain above a unit (at most Bund → Land → Kreis), root first. */
function useAncestors(unit: Unit | undefined): Unit[] {
  const parent = useUnit(unit?.parentCode).data;
  const grandparent = useUnit(parent?.parentCode).data;
  const greatGrandparent = useUnit(grandparent?.parentCode).data;
  return [greatGrandparent, grandparent, parent].filter((u): u is Unit => Boolean(u));
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="sm" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text component="dd" m={0} fw={500}>
        {children}
      </Text>
    </div>
  );
}

/** `/gliederungen/$code`: one unit with its parent and the units below it. */
export function UnitDetailPage() {
  const t = useT();
  const { code } = useParams({ from: '/gliederungen/$code' });
  const unit = useUnit(code);
  const children = useUnits({ parent: code });
  const ancestors = useAncestors(unit.data);
  const parent = ancestors.at(-1);
  const [query, setQuery] = useState('');
  usePageTitle(unit.data?.name ?? t('units.title'));

  const sorted = useMemo(() => sortUnits(children.data?.items ?? []), [children.data]);
  const visible = useMemo(() => filterUnits(sorted, query), [sorted, query]);

  if (unit.isError) {
    const notFound = unit.error instanceof ApiError && unit.error.code === 'unit.not_found';
    return (
      <Stack gap="lg">
        <Title order={1}>{t('units.title')}</Title>
        <ErrorState
          title={t('unitDetail.loadError')}
          error={unit.error}
          {...(notFound ? {} : { onRetry: () => void unit.refetch(), retrying: unit.isFetching })}
        />
        <AnchorLink to="/gliederungen">{t('unitDetail.backToList')}</AnchorLink>
      </Stack>
    );
  }

  if (unit.isPending) {
    return (
      <Stack gap="lg" aria-busy="true">
        <Skeleton height={14} width={240} />
        <Skeleton height={36} width="50%" />
        <Skeleton height={120} />
        <TableSkeleton rows={6} />
      </Stack>
    );
  }

  const current = unit.data;
  const childLevel = sorted[0]?.level;
  const childrenHeading =
    childLevel === 'local'
      ? t('unitDetail.childrenHeadingLocal')
      : childLevel === 'district'
        ? t('unitDetail.childrenHeadingDistrict')
        : t('unitDetail.childrenHeading');

  return (
    <Stack gap="lg">
      <UnitBreadcrumbs ancestors={ancestors} current={current.name} />
      <header>
        <Group gap="sm" align="center" wrap="wrap">
          <Title order={1}>{current.name}</Title>
          <Badge variant="light" size="lg" radius="sm">
            {t(`levels.${current.level}`)}
          </Badge>
        </Group>
      </header>

      <Paper component="section" aria-labelledby="facts-heading" withBorder radius="md" p="lg" shadow="xs">
        <Title order={2} id="facts-heading" size="h4" mb="md">
          {t('unitDetail.facts')}
        </Title>
        <SimpleGrid component="dl" cols={{ base: 2, md: 4 }} spacing="lg" m={0}>
          <Fact label={t('unitDetail.level')}>{t(`levels.${current.level}`)}</Fact>
          <Fact label={t('unitDetail.code')}>
            <Text component="span" ff="monospace" inherit>
              {current.code}
            </Text>
          </Fact>
          <Fact label={t('unitDetail.ags')}>
            <Text component="span" ff="monospace" inherit>
              {current.ags ?? t('unitDetail.agsNone')}
            </Text>
          </Fact>
          <Fact label={t('unitDetail.parent')}>
            {parent ? (
              <AnchorLink to="/gliederungen/$code" params={{ code: parent.code }} inherit>
                {parent.name}
              </AnchorLink>
            ) : current.parentCode ? (
              <Skeleton height={16} width={120} mt={4} />
            ) : (
              t('unitDetail.parentNone')
            )}
          </Fact>
        </SimpleGrid>
      </Paper>

      <section aria-labelledby="children-heading">
        <Stack gap="md">
          <Title order={2} id="children-heading" size="h3">
            {childrenHeading}
          </Title>
          {children.isError ? (
            <ErrorState
              title={t('units.loadError')}
              error={children.error}
              onRetry={() => void children.refetch()}
              retrying={children.isFetching}
            />
          ) : children.isPending ? (
            <TableSkeleton rows={6} />
          ) : sorted.length === 0 ? (
            <Text c="dimmed">{t('unitDetail.noChildren')}</Text>
          ) : (
            <>
              {sorted.length > 8 && (
                <UnitFilter
                  label={t('unitDetail.childrenFilterLabel')}
                  value={query}
                  onChange={setQuery}
                  describedBy="children-count"
                />
              )}
              <Text id="children-count" size="sm" c="dimmed" role="status">
                {t('unitDetail.childrenCount', { count: visible.length })}
              </Text>
              {visible.length === 0 ? (
                <UnitEmptyState
                  title={t('unitDetail.childrenEmptyTitle')}
                  text={t('unitDetail.childrenEmptyFilter', { query: query.trim() })}
                  action={{ label: t('units.emptyReset'), onClick: () => setQuery('') }}
                />
              ) : (
                <UnitTable
                  units={visible}
                  caption={t('units.tableCaptionChildren', { unit: current.name })}
                />
              )}
            </>
          )}
        </Stack>
      </section>
    </Stack>
  );
}
