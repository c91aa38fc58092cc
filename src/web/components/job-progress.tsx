import { Group, Progress, Stack, Text } from '@mantine/core';
import { errorCodes, type ErrorCode } from '@/contracts/errors';
import type { Job } from '@/contracts/jobs';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import { errorMessageKey } from '@/web/components/i18n/translate';

/** The percentage of a job; 0 while its total is not known yet. */
export function jobPercent(job: Pick<Job, 'status' | 'progress'>): number {
  if (job.status === 'completed') return 100;
  const { done, total } = job.progress;
  if (!total) return 0;
  return Math.min(100, Math.round((done / total) * 100));
}

/**
 * A background job's progress bar (role progressbar with aria-valuenow) with the rows done so far;
 * `label` names what runs, e.g. "Fortschritt des Imports".
 */
export function JobProgress({ job, label }: { job: Pick<Job, 'status' | 'progress'>; label: string }) {
  const t = useT();
  const format = useFormat();
  const percent = jobPercent(job);
  const running = job.status === 'queued' || job.status === 'running';
  const { done, total } = job.progress;
  return (
    <Stack gap={6}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600}>
          {label}
        </Text>
        <Text size="sm" c="dimmed">
          {job.status === 'queued'
            ? t('jobs.queued')
            : total === null
              ? t('jobs.preparing')
              : t('jobs.rowsDone', { done: format.number(done), total: format.number(total) })}
        </Text>
      </Group>
      <Progress.Root size="lg" radius="sm">
        <Progress.Section
          value={percent}
          aria-label={label}
          striped={running}
          animated={running}
          color={job.status === 'failed' ? 'red' : job.status === 'cancelled' ? 'gray' : 'blue'}
        />
      </Progress.Root>
    </Stack>
  );
}

/** Why a job failed, in the reader's language: its error code when it is one of ours. */
export function useJobErrorMessage(): (job: Pick<Job, 'error'>) => string {
  const t = useT();
  return (job) => {
    const code = job.error?.code;
    return code && (errorCodes as readonly string[]).includes(code)
      ? t(errorMessageKey(code as ErrorCode))
      : t('jobs.failed');
  };
}
