import { Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconId } from '@tabler/icons-react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { mandateLevels } from '@/contracts/members';
import { ErrorState } from '@/web/components/error-state';
import { useFormat, useI18n, useT } from '@/web/components/i18n/i18n';
import { AnchorLink } from '@/web/components/router-links';
import { CaptionedTable } from '@/web/components/table-scroll-region';
import { usePageTitle } from '@/web/components/use-page-title';
import { RequireSignIn } from '@/web/features/auth/components/require-sign-in';
import { useMemberCatalogues } from '@/web/features/members/api/get-member-catalogues';
import { useMandateDirectory, type MandateLevel } from '@/web/features/members/api/get-mandate-directory';
import { sortName } from '@/web/features/members/member-labels';
import { TableSkeleton } from '@/web/features/units/components/table-skeleton';
import { UnitEmptyState } from '@/web/features/units/components/unit-empty-state';
import { useUnits } from '@/web/features/units/api/get-units';
import { sortUnits } from '@/web/features/units/unit-search';

export interface MandateSearch {
  level?: MandateLevel;
  unit?: string;
  activeOn?: string;
}

/**
 * `/mandate?level=district&unit=HE-06631&activeOn=2026-03-31`: the filters are in the address, so
 * the page can be shared.
 */
export function validateMandateSearch(search: Record<string, unknown>): MandateSearch {
  const result: MandateSearch = {};
  if (typeof search.level === 'string' && (mandateLevels as readonly string[]).includes(search.level))
    result.level = search.level as MandateLevel;
  if (typeof search.unit === 'string' && /^[A-Za-z0-9-]{1,40}$/.test(search.unit)) result.unit = search.unit;
  if (typeof search.activeOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(search.activeOn))
    result.activeOn = search.activeOn;
  return result;
}

/** `/mandate`: who holds a mandate today, by level and unit (with its subtree). */
export function MandateDirectoryPage() {
  const t = useT();
  usePageTitle(t('members.mandateDirectory.title'));
  return (
    <Stack gap="lg">
      <header>
        <Title order={1} mb="xs">
          {t('members.mandateDirectory.title')}
        </Title>
        <Text c="dimmed" maw={760}>
          {t('members.mandateDirectory.intro')}
        </Text>
      </header>
      <RequireSignIn permission="member:read">
        <MandateDirectory />
      </RequireSignIn>
    </Stack>
  );
}

function MandateDirectory() {
  const t = useT();
  const format = useFormat();
  const { language } = useI18n();
  const search = useSearch({ from: '/mandate' });
  const navigate = useNavigate({ from: '/mandate' });
  const directory = useMandateDirectory(search);
  const catalogues = useMemberCatalogues();
  const districts = useUnits({ level: 'district' });
  const states = useUnits({ level: 'state' });
  const unitOptions = [...(states.data?.items ?? []), ...sortUnits(districts.data?.items ?? [])].map(
    (unit) => ({ value: unit.code, label: unit.name }),
  );
  const mandateName = new Map(
    (catalogues.data?.mandates ?? []).map((entry) => [
      entry.code,
      language === 'en' ? entry.nameEn : entry.name,
    ]),
  );
  const update = (next: MandateSearch) =>
    void navigate({ search: validateMandateSearch({ ...search, ...next }), replace: true });
  const items = directory.data?.items ?? [];
  const total = directory.data?.total ?? 0;

  return (
    <Stack gap="lg">
      <Group align="flex-end" gap="md" wrap="wrap">
        <Select
          label={t('members.mandateDirectory.level')}
          placeholder={t('members.mandateDirectory.levelAll')}
          data={mandateLevels.map((level) => ({ value: level, label: t(`members.mandateLevels.${level}`) }))}
          value={search.level ?? null}
          onChange={(level) => update({ level: (level ?? undefined) as MandateLevel | undefined })}
          clearable
          clearButtonProps={{ 'aria-label': t('members.form.clear') }}
          w={{ base: '100%', xs: 260 }}
        />
        <Select
          label={t('members.filters.unit')}
          placeholder={t('members.filters.unitAll')}
          data={unitOptions}
          value={search.unit ?? null}
          onChange={(unit) => update({ unit: unit ?? undefined })}
          searchable
          clearable
          clearButtonProps={{ 'aria-label': t('members.form.clear') }}
          nothingFoundMessage={t('members.filters.unitNone')}
          w={{ base: '100%', xs: 320 }}
        />
        <TextInput
          type="date"
          label={t('members.mandateDirectory.activeOn')}
          description={t('members.mandateDirectory.activeOnHint')}
          value={search.activeOn ?? ''}
          onChange={(event) => update({ activeOn: event.currentTarget.value || undefined })}
          w={{ base: '100%', xs: 220 }}
        />
      </Group>

      <Text id="mandate-count" role="status" fw={600}>
        {directory.isPending
          ? t('common.loading')
          : directory.isError
            ? ''
            : t('members.mandateDirectory.count', { count: total })}
      </Text>

      {directory.isError ? (
        <ErrorState
          title={t('members.mandateDirectory.loadError')}
          error={directory.error}
          onRetry={() => void directory.refetch()}
          retrying={directory.isFetching}
        />
      ) : directory.isPending ? (
        <TableSkeleton />
      ) : items.length === 0 ? (
        <UnitEmptyState
          icon={<IconId aria-hidden="true" />}
          title={t('members.mandateDirectory.emptyTitle')}
          text={t('members.mandateDirectory.emptyText')}
        />
      ) : (
        <CaptionedTable
          caption={t('members.mandateDirectory.caption')}
          minWidth={720}
          columns={[
            t('members.columns.name'),
            t('members.mandateDirectory.mandate'),
            t('members.mandateDirectory.body'),
            t('members.mandateDirectory.constituency'),
            t('members.columns.unit'),
            t('members.mandateDirectory.since'),
          ]}
        >
          {items.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td>
                <AnchorLink to="/mitglieder/$id" params={{ id: String(entry.memberId) }}>
                  {[entry.title, sortName(entry)].filter(Boolean).join(' ')}
                </AnchorLink>
              </Table.Td>
              <Table.Td>
                {mandateName.get(entry.code) ?? entry.name}
                <Text span display="block" size="sm" c="dimmed">
                  {t(`members.mandateLevels.${entry.level}`)}
                </Text>
              </Table.Td>
              <Table.Td>{entry.body ?? '–'}</Table.Td>
              <Table.Td>{entry.constituency ?? '–'}</Table.Td>
              <Table.Td>{entry.unitCode ?? entry.memberUnitCode}</Table.Td>
              <Table.Td>{format.date(entry.startDate)}</Table.Td>
            </Table.Tr>
          ))}
        </CaptionedTable>
      )}
    </Stack>
  );
}
