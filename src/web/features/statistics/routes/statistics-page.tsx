import {
  Alert,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import type { MemberStatistics } from '@/contracts/statistics';
import { ErrorState } from '@/web/components/error-state';
import { useFormat, useI18n, useT } from '@/web/components/i18n/i18n';
import type { MessageKey } from '@/web/components/i18n/translate';
import { usePageTitle } from '@/web/components/use-page-title';
import { RequireSignIn } from '@/web/features/auth/components/require-sign-in';
import { useMemberStatistics } from '@/web/features/statistics/api/get-member-statistics';
import { ChartCard } from '@/web/features/statistics/components/chart-card';
import {
  AgePyramid,
  chartColours,
  HorizontalBars,
  MonthlyColumns,
  ShareBar,
} from '@/web/features/statistics/components/charts';
import { BKG_ATTRIBUTION, DistrictMap } from '@/web/components/district-map/district-map';

export interface StatisticsSearch {
  unit?: string;
  asOf?: string;
}

/** `?unit=HE-06631&asOf=2026-03-31`: what the page shows is in its address, so it can be shared. */
export function validateStatisticsSearch(search: Record<string, unknown>): StatisticsSearch {
  const result: StatisticsSearch = {};
  if (typeof search.unit === 'string' && /^[A-Za-z0-9-]{1,40}$/.test(search.unit)) result.unit = search.unit;
  if (typeof search.asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(search.asOf)) result.asOf = search.asOf;
  return result;
}

/** `/statistik`: the member statistics of a unit on a day, within the reader's scope. */
export function StatisticsPage() {
  const t = useT();
  usePageTitle(t('statistics.title'));
  return (
    <Stack gap="lg">
      <header>
        <Title order={1} mb="xs">
          {t('statistics.title')}
        </Title>
        <Text c="dimmed" maw={760}>
          {t('statistics.intro')}
        </Text>
      </header>
      <RequireSignIn permission="member:read">
        <StatisticsContent />
      </RequireSignIn>
    </Stack>
  );
}

function StatisticsContent() {
  const t = useT();
  const search = useSearch({ strict: false }) as StatisticsSearch;
  const navigate = useNavigate();
  const statistics = useMemberStatistics({ unit: search.unit, asOf: search.asOf });
  const data = statistics.data;
  const [dateText, setDateText] = useState(search.asOf ?? '');
  const update = (next: StatisticsSearch) =>
    void navigate({ to: '/statistik', search: validateStatisticsSearch({ ...search, ...next }) });

  const unitOptions = (data?.selectable ?? []).map((u) => ({
    value: u.unitCode,
    label: u.level === 'local' ? `– ${u.name}` : u.name,
  }));

  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" p="md">
        <Group align="flex-end" gap="md" wrap="wrap">
          <TextInput
            type="date"
            label={t('statistics.asOf')}
            description={t('statistics.asOfHint')}
            value={dateText || data?.asOf || ''}
            max="9999-12-31"
            onChange={(event) => {
              const value = event.currentTarget.value;
              setDateText(value);
              if (/^\d{4}-\d{2}-\d{2}$/.test(value)) update({ asOf: value });
            }}
            w={{ base: '100%', xs: 200 }}
          />
          <Select
            label={t('statistics.unit')}
            description={t('statistics.unitHint')}
            data={unitOptions}
            value={data?.unitCode ?? search.unit ?? null}
            onChange={(value) => value && update({ unit: value })}
            allowDeselect={false}
            searchable
            nothingFoundMessage={t('statistics.unitNone')}
            w={{ base: '100%', xs: 320 }}
            disabled={!data}
          />
          {statistics.isFetching && <Loader size="sm" aria-label={t('statistics.loading')} />}
        </Group>
      </Paper>
      {statistics.isError && !data ? (
        <ErrorState
          title={t('statistics.loadError')}
          error={statistics.error}
          onRetry={() => void statistics.refetch()}
        />
      ) : !data ? (
        <Stack gap="md" aria-busy="true">
          <Text role="status">{t('statistics.loading')}</Text>
          <Skeleton height={120} />
          <Skeleton height={360} />
        </Stack>
      ) : (
        <StatisticsView data={data} />
      )}
    </Stack>
  );
}

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder radius="md" p="md" shadow="xs">
      <Text fz={28} fw={700} lh={1.15} c="amtsblau.8">
        {value}
      </Text>
      <Text fw={600}>{label}</Text>
      {hint && (
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

const mandateLevels = ['eu', 'federal', 'state', 'district', 'municipal', 'local', 'other'] as const;

function StatisticsView({ data }: { data: MemberStatistics }) {
  const t = useT();
  const format = useFormat();
  const { language } = useI18n();
  const n = (value: number) => format.number(value);
  const percent = (share: number) =>
    new Intl.NumberFormat(language === 'de' ? 'de-DE' : 'en-GB', {
      style: 'percent',
      maximumFractionDigits: 1,
    }).format(share);
  const decimal = (value: number) =>
    new Intl.NumberFormat(language === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1 }).format(value);
  const day = format.date(data.asOf);
  const file = (name: string) => `${name}-${data.unitCode}-${data.asOf}`;
  const bandLabel = (b: { from: number; to: number | null }) =>
    b.to === null
      ? t('statistics.age.from', { from: b.from })
      : t('statistics.age.range', { from: b.from, to: b.to });
  const monthLabel = (month: string) => {
    const [y, m] = month.split('-');
    return `${m}/${y!.slice(2)}`;
  };
  const genderName = (g: string) => t(`statistics.gender.${g}` as MessageKey);
  const statusName = (s: string) => t(`statistics.status.${s}` as MessageKey);
  const levelName = (l: string) =>
    t(
      `statistics.mandateLevel.${(mandateLevels as readonly string[]).includes(l) ? l : 'other'}` as MessageKey,
    );
  const genderColour: Record<string, string> = {
    female: chartColours.female,
    male: chartColours.male,
    diverse: chartColours.diverse,
    unspecified: chartColours.unspecified,
  };
  const joins = data.joinsAndLeaves.reduce((a, m) => a + m.joins, 0);
  const leaves = data.joinsAndLeaves.reduce((a, m) => a + m.leaves, 0);
  const showMap = data.byDistrict.length > 0;
  const unitRows = data.byUnit.map((u) => ({
    ...u,
    label: u.direct ? t('statistics.table.direct', { name: u.name }) : u.name,
  }));

  return (
    <Stack gap="lg">
      <section aria-labelledby="statistics-figures">
        <Title order={2} size="h3" id="statistics-figures" mb="sm">
          {t('statistics.figuresTitle', { unit: data.unitName, date: day })}
        </Title>
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
          <Figure
            label={t('statistics.figures.total')}
            value={n(data.total)}
            hint={t('statistics.figures.totalHint')}
          />
          <Figure
            label={t('statistics.figures.shareOfWomen')}
            value={data.shareOfWomen === null ? '–' : percent(data.shareOfWomen)}
          />
          <Figure
            label={t('statistics.figures.averageAge')}
            value={
              data.averageAge === null
                ? '–'
                : t('statistics.figures.years', { value: decimal(data.averageAge) })
            }
          />
          <Figure label={t('statistics.figures.applicants')} value={n(data.applicantsWaiting)} />
        </SimpleGrid>
      </section>

      {data.total === 0 && data.applicantsWaiting === 0 && (
        <Alert color="gray" variant="light" icon={<IconInfoCircle aria-hidden="true" />}>
          {t('statistics.empty', { date: day })}
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, lg: showMap ? 2 : 1 }} spacing="lg">
        {showMap && (
          <ChartCard
            title={t('statistics.map.title')}
            description={t('statistics.map.description')}
            fileName={file('mitglieder-je-kreis')}
            pngFootnote={BKG_ATTRIBUTION}
            data={{
              header: [
                t('statistics.csv.unitCode'),
                t('statistics.csv.unit'),
                'AGS',
                t('statistics.csv.members'),
              ],
              rows: data.byDistrict.map((d) => [d.unitCode, d.name, d.ags, d.count]),
            }}
          >
            <DistrictMap districts={data.byDistrict} label={t('statistics.map.label', { date: day })} />
          </ChartCard>
        )}
        <ChartCard
          title={t('statistics.table.title')}
          description={t('statistics.table.description')}
          fileName={file('mitglieder-je-gliederung')}
          withPng={false}
          data={{
            header: [t('statistics.csv.unitCode'), t('statistics.csv.unit'), t('statistics.csv.members')],
            rows: unitRows.map((u) => [u.unitCode, u.label, u.count]),
          }}
        >
          {unitRows.length === 0 ? (
            <Text c="dimmed">{t('statistics.table.none')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={260}>
              <Table striped verticalSpacing="xs" captionSide="top">
                <Table.Caption>
                  <VisuallyHidden>
                    {t('statistics.table.caption', { unit: data.unitName, date: day })}
                  </VisuallyHidden>
                </Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('statistics.table.unit')}</Table.Th>
                    <Table.Th scope="col" ta="right">
                      {t('statistics.table.members')}
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {unitRows.map((u) => (
                    <Table.Tr key={`${u.unitCode}-${u.direct}`}>
                      <Table.Th scope="row" fw={400}>
                        {u.label}
                      </Table.Th>
                      <Table.Td ta="right">{n(u.count)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th scope="row">{t('statistics.table.total')}</Table.Th>
                    <Table.Th ta="right">{n(data.total)}</Table.Th>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
          )}
        </ChartCard>
      </SimpleGrid>

      <ChartCard
        title={t('statistics.joins.title')}
        description={t('statistics.joins.description', { joins: n(joins), leaves: n(leaves) })}
        fileName={file('eintritte-austritte')}
        data={{
          header: [t('statistics.csv.month'), t('statistics.joins.joins'), t('statistics.joins.leaves')],
          rows: data.joinsAndLeaves.map((m) => [m.month, m.joins, m.leaves]),
        }}
      >
        <MonthlyColumns
          months={data.joinsAndLeaves.map((m) => m.month)}
          series={[
            {
              name: t('statistics.joins.joins'),
              colour: chartColours.primary,
              values: data.joinsAndLeaves.map((m) => m.joins),
            },
            {
              name: t('statistics.joins.leaves'),
              colour: chartColours.secondary,
              values: data.joinsAndLeaves.map((m) => m.leaves),
            },
          ]}
          label={t('statistics.joins.label', { joins: n(joins), leaves: n(leaves) })}
          monthLabel={monthLabel}
          format={n}
        />
      </ChartCard>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <ChartCard
          title={t('statistics.pyramid.title')}
          description={t('statistics.pyramid.description', {
            unknown: n(data.ageUnknown),
            other: n(data.agePyramid.reduce((sum, b) => sum + b.diverse + b.unspecified, 0)),
          })}
          fileName={file('alterspyramide')}
          data={{
            header: [
              t('statistics.csv.ageFrom'),
              t('statistics.csv.ageTo'),
              genderName('female'),
              genderName('male'),
              genderName('diverse'),
              genderName('unspecified'),
            ],
            rows: data.agePyramid.map((b) => [b.from, b.to, b.female, b.male, b.diverse, b.unspecified]),
          }}
        >
          <AgePyramid
            bands={data.agePyramid.map((b) => ({ label: bandLabel(b), left: b.female, right: b.male }))}
            leftName={genderName('female')}
            rightName={genderName('male')}
            label={t('statistics.pyramid.label')}
            format={n}
          />
        </ChartCard>

        <ChartCard
          title={t('statistics.women.title')}
          description={
            data.shareOfWomen === null
              ? t('statistics.women.none')
              : t('statistics.women.description', { share: percent(data.shareOfWomen) })
          }
          fileName={file('geschlecht')}
          data={{
            header: [t('statistics.csv.gender'), t('statistics.csv.members')],
            rows: data.byGender.map((g) => [genderName(g.gender), g.count]),
          }}
        >
          <ShareBar
            parts={data.byGender.map((g) => ({
              label: genderName(g.gender),
              value: g.count,
              colour: genderColour[g.gender],
            }))}
            label={t('statistics.women.label', {
              share: data.shareOfWomen === null ? '–' : percent(data.shareOfWomen),
            })}
            format={(part, share) => `${part.label}: ${n(part.value)} (${percent(share)})`}
          />
        </ChartCard>

        <ChartCard
          title={t('statistics.age.title')}
          description={
            data.averageAge === null
              ? t('statistics.age.none')
              : t('statistics.age.description', { average: decimal(data.averageAge) })
          }
          fileName={file('altersgruppen')}
          data={{
            header: [t('statistics.csv.ageGroup'), t('statistics.csv.members')],
            rows: [
              ...data.byAgeGroup.map((b) => [bandLabel(b), b.count]),
              [t('statistics.age.unknown'), data.ageUnknown],
              [t('statistics.figures.averageAge'), data.averageAge],
            ],
          }}
        >
          <HorizontalBars
            bars={data.byAgeGroup.map((b) => ({ label: bandLabel(b), value: b.count }))}
            label={t('statistics.age.label', {
              average: data.averageAge === null ? '–' : decimal(data.averageAge),
            })}
            format={n}
          />
        </ChartCard>

        <ChartCard
          title={t('statistics.mandates.title')}
          description={t('statistics.mandates.description')}
          fileName={file('mandatstraeger')}
          data={{
            header: [t('statistics.csv.level'), t('statistics.csv.holders')],
            rows: mandateLevels.map((l) => [
              levelName(l),
              data.mandateHolders.find((m) => m.level === l)?.count ?? 0,
            ]),
          }}
        >
          <HorizontalBars
            bars={mandateLevels
              .filter((l) => l !== 'other' || data.mandateHolders.some((m) => m.level === 'other'))
              .map((l) => ({
                label: levelName(l),
                value: data.mandateHolders.find((m) => m.level === l)?.count ?? 0,
              }))}
            label={t('statistics.mandates.label', {
              count: n(data.mandateHolders.reduce((a, m) => a + m.count, 0)),
            })}
            format={n}
          />
        </ChartCard>
      </SimpleGrid>

      <ChartCard
        title={t('statistics.statusChart.title')}
        description={t('statistics.statusChart.description', { count: n(data.applicantsWaiting) })}
        fileName={file('status')}
        data={{
          header: [t('statistics.csv.status'), t('statistics.csv.members')],
          rows: data.byStatus.map((s) => [statusName(s.status), s.count]),
        }}
      >
        <HorizontalBars
          bars={data.byStatus.map((s) => ({
            label: statusName(s.status),
            value: s.count,
            colour: s.status === 'applicant' ? chartColours.secondary : chartColours.primary,
          }))}
          label={t('statistics.statusChart.label', { count: n(data.applicantsWaiting) })}
          format={n}
        />
      </ChartCard>
    </Stack>
  );
}
