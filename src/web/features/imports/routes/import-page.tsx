import { Alert, Button, Group, Stack, Stepper, Text, Title } from '@mantine/core';
import { IconPlayerStop } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportEncoding, ImportFile } from '@/contracts/imports';
import { useT } from '@/web/components/i18n/i18n';
import { JobProgress, useJobErrorMessage } from '@/web/components/job-progress';
import { AnchorLink, ButtonLink } from '@/web/components/router-links';
import { usePageTitle } from '@/web/components/use-page-title';
import { RequireSignIn } from '@/web/features/auth/components/require-sign-in';
import { useCancelImport } from '@/web/features/imports/api/cancel-import';
import { useImportJob } from '@/web/features/imports/api/get-import';
import { useStartImport, type StartImportBody } from '@/web/features/imports/api/start-import';
import { uploadImportFile } from '@/web/features/imports/api/upload-import-file';
import { countCsvRows } from '@/web/features/imports/count-csv-rows';
import { checkImportFile, FileStep, type FileProblem } from '@/web/features/imports/components/file-step';
import { ImportCounts, ImportPreview, ImportReport } from '@/web/features/imports/components/import-summary';
import {
  MappingStep,
  mappingFromChoice,
  type MappingChoice,
} from '@/web/features/imports/components/mapping-step';
import { fieldColumnsOf } from '@/web/features/imports/mapping-form';

/** `/mitglieder/import`: file → columns → dry run → import, each step on one page. */
export function ImportPage() {
  const t = useT();
  usePageTitle(t('imports.title'));
  return (
    <Stack gap="lg">
      <AnchorLink to="/mitglieder">{t('imports.backToMembers')}</AnchorLink>
      <header>
        <Title order={1} mb="xs">
          {t('imports.title')}
        </Title>
        <Text c="dimmed" maw={720}>
          {t('imports.intro')}
        </Text>
      </header>
      <RequireSignIn permission="member:create">
        <ImportWizard />
      </RequireSignIn>
    </Stack>
  );
}

const emptyChoice: MappingChoice = { form: {}, defaultStatus: 'member', unitCode: null };

function ImportWizard() {
  const t = useT();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<FileProblem | null>(null);
  const [described, setDescribed] = useState<ImportFile | null>(null);
  const [rowCount, setRowCount] = useState<number | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [choice, setChoice] = useState<MappingChoice>(emptyChoice);
  const [dryJobId, setDryJobId] = useState<string | null>(null);
  const [realJobId, setRealJobId] = useState<string | null>(null);
  const start = useStartImport();
  // Only the answer for the file chosen last counts (a person may pick another file while one is read).
  const latest = useRef(0);

  const read = async (chosen: File, encoding?: ImportEncoding) => {
    const ticket = ++latest.current;
    setUploading(true);
    setUploadError(null);
    try {
      const [result, rows] = await Promise.all([
        uploadImportFile(encoding ? { file: chosen, encoding } : { file: chosen }),
        /\.xlsx$/i.test(chosen.name) ? Promise.resolve(null) : countCsvRows(chosen).catch(() => null),
      ]);
      if (ticket !== latest.current) return;
      setDescribed(result);
      setRowCount(result.format === 'csv' ? rows : null);
      // A new file brings its own suggestion; the same file read again keeps what was chosen.
      if (!described || described.fileId !== result.fileId || encoding) {
        setChoice((previous) => ({
          ...previous,
          form: fieldColumnsOf(result.suggestedMapping, result.headers),
          defaultStatus: result.suggestedMapping.defaults?.status ?? previous.defaultStatus,
        }));
      }
    } catch (error) {
      if (ticket !== latest.current) return;
      setDescribed(null);
      setUploadError(error);
    } finally {
      if (ticket === latest.current) setUploading(false);
    }
  };

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setDescribed(null);
    setRowCount(null);
    setUploadError(null);
    setDryJobId(null);
    setRealJobId(null);
    const found = chosen ? checkImportFile(chosen) : null;
    setProblem(found);
    if (chosen && !found) void read(chosen);
    else latest.current++;
  };

  const body = (dryRun: boolean): StartImportBody => ({
    fileId: described!.fileId,
    mapping: mappingFromChoice(choice),
    dryRun,
    ...(choice.unitCode ? { unitCode: choice.unitCode } : {}),
    ...(described!.format === 'csv' && described!.encoding ? { encoding: described!.encoding } : {}),
  });

  const runDry = () =>
    start.mutate(body(true), {
      onSuccess: (job) => {
        setDryJobId(job.id);
        setRealJobId(null);
        setStep(2);
      },
    });

  const runReal = () =>
    start.mutate(body(false), {
      onSuccess: (job) => {
        setRealJobId(job.id);
        setStep(3);
      },
    });

  const refreshMembers = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: ['members'] }),
    [queryClient],
  );

  const restart = () => {
    choose(null);
    setChoice(emptyChoice);
    start.reset();
    setStep(0);
  };

  return (
    <Stepper
      active={step}
      onStepClick={(next) => {
        // Back to any earlier step, never forward past a step not done (and not back once imported).
        if (next < step && realJobId === null) setStep(next);
      }}
      allowNextStepsSelect={false}
      size="sm"
    >
      <Stepper.Step label={t('imports.steps.file')} description={t('imports.steps.fileHint')}>
        <FileStep
          file={file}
          described={described}
          rowCount={rowCount}
          uploading={uploading}
          problem={problem}
          error={uploadError}
          onChoose={choose}
          onEncoding={(encoding) => file && void read(file, encoding)}
          onNext={() => setStep(1)}
        />
      </Stepper.Step>
      <Stepper.Step label={t('imports.steps.mapping')} description={t('imports.steps.mappingHint')}>
        {described && (
          <MappingStep
            described={described}
            value={choice}
            onChange={(next) => {
              setChoice(next);
              setDryJobId(null);
            }}
            onBack={() => setStep(0)}
            onCheck={runDry}
            starting={start.isPending}
            startError={step === 1 ? start.error : null}
          />
        )}
      </Stepper.Step>
      <Stepper.Step label={t('imports.steps.check')} description={t('imports.steps.checkHint')}>
        {dryJobId && (
          <CheckStep
            jobId={dryJobId}
            onBack={() => setStep(1)}
            onImport={runReal}
            starting={start.isPending}
            startError={step === 2 ? start.error : null}
          />
        )}
      </Stepper.Step>
      <Stepper.Step label={t('imports.steps.run')} description={t('imports.steps.runHint')}>
        {realJobId && <RunStep jobId={realJobId} onDone={refreshMembers} onRestart={restart} />}
      </Stepper.Step>
    </Stepper>
  );
}

function CheckStep(props: {
  jobId: string;
  onBack: () => void;
  onImport: () => void;
  starting: boolean;
  startError: unknown;
}) {
  const t = useT();
  const job = useImportJob(props.jobId);
  const errorOf = useJobErrorMessage();
  const data = job.data;
  const summary = data?.status === 'completed' ? data.summary : null;
  return (
    <Stack gap="lg">
      <Text maw={720}>{t('imports.check.intro')}</Text>
      {data && data.status !== 'failed' && <JobProgress job={data} label={t('imports.check.progress')} />}
      {!data && !job.isError && <Text role="status">{t('common.loading')}</Text>}
      {job.isError && (
        <Alert color="red" variant="light" role="alert" title={t('imports.check.failed')}>
          {t('imports.check.lost')}
        </Alert>
      )}
      {data?.status === 'failed' && (
        <Alert color="red" variant="light" role="alert" title={t('imports.check.failed')}>
          {errorOf(data)}
        </Alert>
      )}
      {summary && (
        <>
          <Title order={2} size="h3">
            {t('imports.check.resultTitle')}
          </Title>
          <ImportCounts summary={summary} />
          <ImportReport jobId={props.jobId} summary={summary} />
          <ImportPreview summary={summary} />
        </>
      )}
      {Boolean(props.startError) && (
        <Alert color="red" variant="light" role="alert" title={t('imports.run.failed')}>
          {t('imports.run.startFailed')}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={props.onBack}>
          {t('imports.check.back')}
        </Button>
        <Button
          onClick={props.onImport}
          loading={props.starting}
          disabled={!summary || summary.imported === 0}
        >
          {summary
            ? t('imports.check.import', { count: summary.imported })
            : t('imports.check.importWaiting')}
        </Button>
      </Group>
    </Stack>
  );
}

function RunStep({ jobId, onDone, onRestart }: { jobId: string; onDone: () => void; onRestart: () => void }) {
  const t = useT();
  const job = useImportJob(jobId);
  const cancel = useCancelImport();
  const errorOf = useJobErrorMessage();
  const data = job.data;
  const finished = data && !(data.status === 'queued' || data.status === 'running');
  // The member list is asked again once the import has written its rows.
  useEffect(() => {
    if (finished) onDone();
  }, [finished, onDone]);
  return (
    <Stack gap="lg">
      {data && data.status !== 'failed' && <JobProgress job={data} label={t('imports.run.progress')} />}
      {data && !finished && (
        <>
          <Text size="sm" c="dimmed">
            {t('imports.run.leaveHint')}
          </Text>
          <Group>
            <Button
              variant="default"
              color="red"
              leftSection={<IconPlayerStop size={16} aria-hidden="true" />}
              onClick={() => cancel.mutate(jobId)}
              loading={cancel.isPending}
              disabled={data.cancelRequested}
            >
              {data.cancelRequested ? t('imports.run.cancelling') : t('imports.run.cancel')}
            </Button>
          </Group>
        </>
      )}
      {!data && !job.isError && <Text role="status">{t('common.loading')}</Text>}
      {job.isError && (
        <Alert color="red" variant="light" role="alert" title={t('imports.run.failed')}>
          {t('imports.check.lost')}
        </Alert>
      )}
      {data?.status === 'failed' && (
        <Alert color="red" variant="light" role="alert" title={t('imports.run.failed')}>
          {errorOf(data)}
        </Alert>
      )}
      {data?.status === 'cancelled' && (
        <Alert color="gray" variant="light" role="status" title={t('imports.run.cancelledTitle')}>
          {t('imports.run.cancelled')}
        </Alert>
      )}
      {data?.status === 'completed' && data.summary && (
        <>
          <div role="status">
            <Title order={2} size="h3">
              {t('imports.run.doneTitle')}
            </Title>
          </div>
          <ImportCounts summary={data.summary} />
          <ImportReport jobId={jobId} summary={data.summary} />
        </>
      )}
      {finished && (
        <Group>
          <ButtonLink to="/mitglieder">{t('imports.run.toMembers')}</ButtonLink>
          <Button variant="default" onClick={onRestart}>
            {t('imports.run.another')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
