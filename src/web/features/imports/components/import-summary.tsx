import { Alert, Anchor, Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { ImportSummary } from '@/contracts/imports';
import { ErrorState } from '@/web/components/error-state';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import { TableHeadings, TableScrollRegion } from '@/web/components/table-scroll-region';
import { importReportUrl, useImportReport } from '@/web/features/imports/api/get-import-report';

const REPORT_ROWS_SHOWN = 200;

/** The counts of a dry run or import: rows, (would be) imported, rejected, duplicates. */
export function ImportCounts({ summary }: { summary: ImportSummary }) {
  const t = useT();
  const format = useFormat();
  const cells = [
    { key: 'rows', label: t('imports.counts.rows'), value: summary.rows, color: undefined },
    {
      key: 'imported',
      label: summary.dryRun ? t('imports.counts.wouldImport') : t('imports.counts.imported'),
      value: summary.imported,
      color: 'teal.9',
    },
    { key: 'rejected', label: t('imports.counts.rejected'), value: summary.rejected, color: 'red.9' },
    {
      key: 'duplicates',
      label: t('imports.counts.duplicates'),
      value: summary.duplicates,
      color: 'orange.9',
    },
  ];
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" component="dl" m={0}>
      {cells.map((cell) => (
        <Paper key={cell.key} withBorder p="sm" radius="md">
          <Text component="dt" size="sm" c="dimmed">
            {cell.label}
          </Text>
          <Text component="dd" m={0} fz={28} fw={700} c={cell.color}>
            {format.number(cell.value)}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

const isoDate = (value: string | null | undefined) => Boolean(value && /^\d{4}-\d{2}-\d{2}$/.test(value));

/** The import's row tables: a bordered table that scrolls within 480 px, its header row staying in view. */
function RowsTable({
  labelledBy,
  columns,
  children,
}: {
  labelledBy: string;
  columns: readonly string[];
  children: ReactNode;
}) {
  return (
    <TableScrollRegion labelledBy={labelledBy} minWidth={640} maxHeight={480}>
      <Table striped withTableBorder stickyHeader>
        <TableHeadings columns={columns} />
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </TableScrollRegion>
  );
}

const outcomeColor = { imported: 'teal', rejected: 'red', duplicate: 'orange' } as const;

/** The first rows as they would be stored (dry run) or were stored. */
export function ImportPreview({ summary }: { summary: ImportSummary }) {
  const t = useT();
  const format = useFormat();
  if (summary.preview.length === 0) return null;
  const joined = (...parts: (string | null | undefined)[]) => parts.filter(Boolean).join(' ') || '–';
  return (
    <section aria-labelledby="import-preview-title">
      <Title order={3} size="h4" id="import-preview-title" mb="xs">
        {t('imports.preview.title', { count: summary.preview.length })}
      </Title>
      <RowsTable
        labelledBy="import-preview-title"
        columns={[
          t('imports.preview.line'),
          t('imports.preview.outcome'),
          t('imports.preview.name'),
          t('imports.fields.birthdate'),
          t('imports.preview.address'),
          t('imports.fields.email'),
          t('imports.fields.phone'),
        ]}
      >
        {summary.preview.map((row) => {
          const v = row.values;
          return (
            <Table.Tr key={row.line}>
              <Table.Td>{row.line}</Table.Td>
              <Table.Td>
                <Badge
                  variant="light"
                  color={outcomeColor[row.outcome]}
                  c="gray.9"
                  tt="none"
                  styles={{ root: { minWidth: 'max-content' } }}
                >
                  {summary.dryRun
                    ? t(`imports.preview.outcomeDry.${row.outcome}`)
                    : t(`imports.preview.outcomeDone.${row.outcome}`)}
                </Badge>
              </Table.Td>
              <Table.Td>{joined(v.title, v.firstName, v.lastName, v.nameAffix)}</Table.Td>
              <Table.Td>{isoDate(v.birthdate) ? format.date(v.birthdate!) : (v.birthdate ?? '–')}</Table.Td>
              <Table.Td>{joined(v.street, v.houseNumber, v.postcode, v.city)}</Table.Td>
              <Table.Td>{v.email ?? '–'}</Table.Td>
              <Table.Td>{v.phone ?? '–'}</Table.Td>
            </Table.Tr>
          );
        })}
      </RowsTable>
    </section>
  );
}

/** The per-row report (line, column, value, message) and its download as CSV for Excel. */
export function ImportReport({ jobId, summary }: { jobId: string; summary: ImportSummary }) {
  const t = useT();
  const format = useFormat();
  const report = useImportReport(jobId, true);
  return (
    <section aria-labelledby="import-report-title">
      <Group justify="space-between" align="flex-end" mb="xs">
        <Title order={3} size="h4" id="import-report-title">
          {t('imports.report.title', { count: summary.issues })}
        </Title>
        <Anchor href={importReportUrl(jobId)} download>
          <Group gap={6} component="span">
            <IconDownload size={16} aria-hidden="true" />
            {t('imports.report.download')}
          </Group>
        </Anchor>
      </Group>
      {report.isError ? (
        <ErrorState
          title={t('imports.report.loadError')}
          error={report.error}
          onRetry={() => void report.refetch()}
        />
      ) : report.isPending ? (
        <Text size="sm">{t('common.loading')}</Text>
      ) : report.data.length === 0 ? (
        <Alert
          color="teal"
          variant="light"
          styles={{ title: { color: '#0b5a46' } }}
          title={t('imports.report.emptyTitle')}
        >
          {t('imports.report.empty')}
        </Alert>
      ) : (
        <Stack gap="xs">
          <RowsTable
            labelledBy="import-report-title"
            columns={[
              t('imports.report.line'),
              t('imports.report.column'),
              t('imports.report.value'),
              t('imports.report.message'),
            ]}
          >
            {report.data.slice(0, REPORT_ROWS_SHOWN).map((line, index) => (
              <Table.Tr key={`${line.line}-${index}`}>
                <Table.Td>{line.line}</Table.Td>
                <Table.Td>{line.column ?? '–'}</Table.Td>
                <Table.Td>{line.value ?? '–'}</Table.Td>
                <Table.Td>{line.message}</Table.Td>
              </Table.Tr>
            ))}
          </RowsTable>
          {report.data.length > REPORT_ROWS_SHOWN && (
            <Text size="sm" c="dimmed">
              {t('imports.report.more', {
                shown: format.number(REPORT_ROWS_SHOWN),
                total: format.number(report.data.length),
              })}
            </Text>
          )}
        </Stack>
      )}
    </section>
  );
}
