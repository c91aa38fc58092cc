import {
  Alert,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconDownload, IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { defaultExportColumns, exportColumns, type ExportColumn } from '@/contracts/exports';
import { memberStatuses, type MemberStatus } from '@/contracts/members';
import { describeError } from '@/web/components/error-message';
import { DialogForm, DialogModal } from '@/web/components/form-dialog';
import { useFormat, useI18n, useT } from '@/web/components/i18n/i18n';
import { JobProgress, useJobErrorMessage } from '@/web/components/job-progress';
import { useMe } from '@/web/lib/session';
import { exportDownloadUrl, useExportJob } from '@/web/features/exports/api/get-export';
import { useExportPurposes } from '@/web/features/exports/api/get-export-purposes';
import { useStartExport, type StartedExport } from '@/web/features/exports/api/start-export';
import type { MemberFilters } from '@/web/features/members/api/get-members';
import { statusKey } from '@/web/features/members/member-labels';
import { useUnits } from '@/web/features/units/api/get-units';
import { sortUnits } from '@/web/features/units/unit-search';

const exportedFilters = new Set(['unit', 'status', 'asOf', 'sort']);

interface ExportDialogProps {
  opened: boolean;
  onClose: () => void;
  /** The member list's filters: unit, status and as-of date carry over to the export. */
  filters: MemberFilters;
}

/** "Exportieren" from the member list: purpose, format and columns, then the job and its download link. */
export function ExportDialog({ opened, onClose, filters }: ExportDialogProps) {
  const t = useT();
  // On a phone the form needs the whole screen.
  const phone = useMediaQuery('(max-width: 36em)');
  return (
    <DialogModal opened={opened} onClose={onClose} title={t('exports.title')} size="lg" fullScreen={phone}>
      {opened && <ExportForm filters={filters} onClose={onClose} />}
    </DialogModal>
  );
}

function ExportForm({ filters, onClose }: { filters: MemberFilters; onClose: () => void }) {
  const t = useT();
  const { language } = useI18n();
  const { me } = useMe();
  const purposes = useExportPurposes();
  const districts = useUnits({ level: 'district' });
  const states = useUnits({ level: 'state' });
  const start = useStartExport();
  const [unit, setUnit] = useState<string | null>(filters.unit ?? me?.unitCode ?? null);
  const [statuses, setStatuses] = useState<MemberStatus[]>(filters.status ?? ['member']);
  const [asOf, setAsOf] = useState(filters.asOf ?? '');
  const [purpose, setPurpose] = useState<string | null>(null);
  const [format, setFormat] = useState<'csv' | 'xlsx'>('csv');
  const [columns, setColumns] = useState<ExportColumn[]>(defaultExportColumns);
  const [showErrors, setShowErrors] = useState(false);
  const [started, setStarted] = useState<StartedExport | null>(null);

  const unitOptions = [...(states.data?.items ?? []), ...sortUnits(districts.data?.items ?? [])].map((u) => ({
    value: u.code,
    label: u.name,
  }));
  if (unit && !unitOptions.some((o) => o.value === unit)) unitOptions.unshift({ value: unit, label: unit });
  // The export takes unit, status and date; every other filter of the list (search, age, offices …) it leaves out.
  const ignored = Object.entries(filters).filter(
    ([key, value]) =>
      !exportedFilters.has(key) &&
      value !== undefined &&
      value !== null &&
      value !== '' &&
      !(Array.isArray(value) && value.length === 0),
  ).length;

  const errors = {
    unit: !unit ? t('exports.unitMissing') : undefined,
    purpose: !purpose ? t('exports.purposeMissing') : undefined,
    columns: columns.length === 0 ? t('exports.columnsMissing') : undefined,
    status: statuses.length === 0 ? t('exports.statusMissing') : undefined,
  };

  const submit = () => {
    setShowErrors(true);
    if (Object.values(errors).some(Boolean)) return;
    start.mutate(
      {
        unit: unit!,
        purpose: purpose!,
        format,
        status: statuses,
        columns: exportColumns.filter((c) => columns.includes(c)),
        ...(asOf ? { asOf } : {}),
      },
      { onSuccess: setStarted },
    );
  };

  if (started) return <ExportRunning started={started} onClose={onClose} />;

  return (
    <DialogForm
      onSubmit={submit}
      onCancel={onClose}
      cancelLabel={t('exports.cancel')}
      error={start.error}
      errorTitle={t('exports.failed')}
      pending={start.isPending}
      submitLabel={t('exports.start')}
    >
      <Alert
        color="blue"
        variant="light"
        icon={<IconShieldCheck aria-hidden="true" />}
        title={t('exports.loggedTitle')}
        styles={{ title: { color: '#0b3d6b' } }}
      >
        {t('exports.logged')}
      </Alert>
      <Select
        label={t('exports.purpose')}
        description={t('exports.purposeHint')}
        placeholder={t('exports.purposePlaceholder')}
        data={(purposes.data?.items ?? []).map((p) => ({
          value: p.code,
          label: language === 'de' ? p.label : p.labelEn,
        }))}
        value={purpose}
        onChange={setPurpose}
        required
        error={showErrors ? errors.purpose : undefined}
        disabled={purposes.isPending}
      />
      {purposes.isError && (
        <Alert color="red" variant="light" role="alert">
          {t('exports.purposesLoadError')} {describeError(t, purposes.error).message}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select
          label={t('exports.unit')}
          description={t('exports.unitHint')}
          data={unitOptions}
          value={unit}
          onChange={setUnit}
          searchable
          allowDeselect={false}
          error={showErrors ? errors.unit : undefined}
          nothingFoundMessage={t('members.filters.unitNone')}
        />
        <TextInput
          type="date"
          label={t('exports.asOf')}
          description={t('exports.asOfHint')}
          value={asOf}
          onChange={(event) => setAsOf(event.currentTarget.value)}
        />
      </SimpleGrid>
      <MultiSelect
        label={t('exports.status')}
        data={memberStatuses.map((status) => ({ value: status, label: t(statusKey(status)) }))}
        value={statuses}
        onChange={(next) => setStatuses(next as MemberStatus[])}
        error={showErrors ? errors.status : undefined}
      />
      {ignored > 0 && (
        <Text size="sm" c="dimmed">
          {t('exports.ignoredFilters')}
        </Text>
      )}
      <Radio.Group
        label={t('exports.format')}
        value={format}
        onChange={(v) => setFormat(v === 'xlsx' ? 'xlsx' : 'csv')}
      >
        <Group mt="xs">
          <Radio value="csv" label={t('exports.formatCsv')} />
          <Radio value="xlsx" label={t('exports.formatXlsx')} />
        </Group>
      </Radio.Group>
      <Checkbox.Group
        label={t('exports.columns')}
        description={t('exports.columnsHint')}
        value={columns}
        onChange={(next) => setColumns(next as ExportColumn[])}
        error={showErrors ? errors.columns : undefined}
      >
        <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }} spacing={6} mt="xs">
          {exportColumns.map((column) => (
            <Checkbox key={column} value={column} label={t(`exports.columnNames.${column}`)} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
    </DialogForm>
  );
}

function ExportRunning({ started, onClose }: { started: StartedExport; onClose: () => void }) {
  const t = useT();
  const format = useFormat();
  const job = useExportJob(started.id);
  const errorOf = useJobErrorMessage();
  const data = job.data ?? started;
  const result = data.status === 'completed' ? data.export : null;
  return (
    <Stack gap="md">
      {data.status !== 'failed' && data.status !== 'cancelled' && (
        <JobProgress job={data} label={t('exports.progress')} />
      )}
      {data.status === 'failed' && (
        <Alert color="red" variant="light" role="alert" title={t('exports.failed')}>
          {errorOf(data)}
        </Alert>
      )}
      {data.status === 'cancelled' && (
        <Alert color="gray" variant="light" role="status">
          {t('exports.cancelled')}
        </Alert>
      )}
      {result && (
        <Stack gap="sm" role="status">
          <Text fw={700}>{t('exports.done', { count: result.rows })}</Text>
          <Group>
            <Button
              component="a"
              href={exportDownloadUrl(started.id, started.downloadToken)}
              download={result.fileName}
              leftSection={<IconDownload size={18} aria-hidden="true" />}
            >
              {t('exports.download', { name: result.fileName })}
            </Button>
          </Group>
          <Text size="sm" c="dimmed">
            {t('exports.expires', { time: format.dateTime(result.expiresAt) })}
          </Text>
        </Stack>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('exports.close')}
        </Button>
      </Group>
    </Stack>
  );
}
