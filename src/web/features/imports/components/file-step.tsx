import { Alert, Badge, Button, FileInput, Group, List, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { importEncodings, type ImportEncoding, type ImportFile } from '@/contracts/imports';
import { describeError } from '@/web/components/error-message';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import type { MessageKey } from '@/web/components/i18n/translate';
import { ApiError } from '@/web/lib/api-client';

/** The largest file the server takes (imports.routes.ts). */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;
const ACCEPTED = /\.(csv|txt|tsv|xlsx)$/i;

/** How the programs whose exports the server recognises write their names. */
const programNames: Record<string, string> = {
  civicrm: 'CiviCRM',
  hitobito: 'hitobito',
  admidio: 'Admidio',
  jverein: 'JVerein',
  kuerschner: 'Kürschners Politikerhandbuch',
};

export type FileProblem = 'type' | 'tooLarge' | 'empty';

/** What the page can say about a file before sending it. */
export function checkImportFile(file: File): FileProblem | null {
  if (!ACCEPTED.test(file.name)) return 'type';
  if (file.size > MAX_IMPORT_BYTES) return 'tooLarge';
  if (file.size === 0) return 'empty';
  return null;
}

const delimiterKey = (delimiter: ImportFile['delimiter']): MessageKey =>
  delimiter === ';'
    ? 'imports.file.semicolon'
    : delimiter === ','
      ? 'imports.file.comma'
      : 'imports.file.tab';

interface FileStepProps {
  file: File | null;
  described: ImportFile | null;
  rowCount: number | null;
  uploading: boolean;
  problem: FileProblem | null;
  error: unknown;
  onChoose: (file: File | null) => void;
  onEncoding: (encoding: ImportEncoding) => void;
  onNext: () => void;
}

/** Step 1: choose a CSV or Excel file; the server reads it and says what it found. */
export function FileStep(props: FileStepProps) {
  const t = useT();
  const format = useFormat();
  const { described } = props;
  const failure =
    props.error instanceof ApiError && props.error.code === 'import.file_invalid'
      ? t('imports.file.unreadable')
      : props.error instanceof ApiError && props.error.code === 'request.too_large'
        ? t('imports.file.tooLarge')
        : props.error
          ? describeError(t, props.error).message
          : null;
  return (
    <Stack gap="md">
      <Text maw={720}>{t('imports.file.intro')}</Text>
      <FileInput
        label={t('imports.file.label')}
        description={t('imports.file.hint')}
        placeholder={t('imports.file.placeholder')}
        accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        value={props.file}
        onChange={props.onChoose}
        leftSection={<IconUpload size={18} aria-hidden="true" />}
        clearable
        clearButtonProps={{ 'aria-label': t('imports.file.clear') }}
        error={props.problem ? t(`imports.file.problem.${props.problem}`) : undefined}
        maw={560}
      />
      {props.uploading && (
        <Text role="status" size="sm">
          {t('imports.file.reading')}
        </Text>
      )}
      {failure && (
        <Alert color="red" variant="light" role="alert" title={t('imports.file.failed')}>
          {failure}
        </Alert>
      )}
      {described && !props.uploading && (
        <section aria-labelledby="import-file-facts">
          <Stack gap="sm">
            <Group gap="xs">
              <IconFileSpreadsheet size={20} aria-hidden="true" />
              <Text id="import-file-facts" component="h3" fw={700}>
                {t('imports.file.found', { name: described.name })}
              </Text>
              {described.knownFormat && (
                <Badge variant="light" color="teal" c="gray.9" tt="none">
                  {t('imports.file.knownFormat', {
                    format: programNames[described.knownFormat] ?? described.knownFormat,
                  })}
                </Badge>
              )}
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm" component="dl" m={0}>
              <Fact term={t('imports.file.format')}>
                {described.format === 'xlsx' ? t('imports.file.xlsx') : t('imports.file.csv')}
              </Fact>
              {described.format === 'csv' && (
                <Fact term={t('imports.file.delimiter')}>{t(delimiterKey(described.delimiter))}</Fact>
              )}
              <Fact term={t('imports.file.rows')}>
                {props.rowCount === null ? t('imports.file.rowsLater') : format.number(props.rowCount)}
              </Fact>
              <Fact term={t('imports.file.columns')}>{format.number(described.headers.length)}</Fact>
            </SimpleGrid>
            {described.format === 'csv' && (
              <Select
                label={t('imports.file.encoding')}
                description={t('imports.file.encodingHint')}
                data={importEncodings.map((encoding) => ({
                  value: encoding,
                  label: t(`imports.file.encodings.${encoding}`),
                }))}
                value={described.encoding}
                onChange={(value) => value && props.onEncoding(value as ImportEncoding)}
                allowDeselect={false}
                maw={360}
              />
            )}
            <div>
              <Text size="sm" fw={600}>
                {t('imports.file.headers')}
              </Text>
              <List size="sm" withPadding>
                {described.headers.slice(0, 40).map((header, index) => (
                  <List.Item key={`${index}-${header}`}>{header || t('imports.file.noHeader')}</List.Item>
                ))}
              </List>
              {described.headers.length > 40 && (
                <Text size="sm" c="dimmed">
                  {t('imports.file.moreHeaders', { count: described.headers.length - 40 })}
                </Text>
              )}
            </div>
          </Stack>
        </section>
      )}
      <Group justify="flex-end">
        <Button onClick={props.onNext} disabled={!described || props.uploading}>
          {t('imports.file.next')}
        </Button>
      </Group>
    </Stack>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" tt="uppercase" fw={700}>
        {term}
      </Text>
      <Text component="dd" m={0} fw={600}>
        {children}
      </Text>
    </div>
  );
}
