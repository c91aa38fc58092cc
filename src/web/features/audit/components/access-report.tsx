import {
  Alert,
  Anchor,
  Button,
  Group,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ErrorState } from '@/web/components/error-state';
import { useFormat, useI18n } from '@/web/components/i18n/i18n';
import { accessReportUrl, useAccessReport } from '@/web/features/audit/api/get-access-report';
import { TableScrollRegion } from '@/web/components/table-scroll-region';

/** GDPR Art. 15: who read, changed or exported one member's data; on screen and as a PDF letter. */
export function AccessReportPanel() {
  const { t, language } = useI18n();
  const format = useFormat();
  const [memberInput, setMemberInput] = useState<number | string>('');
  const [purposeInput, setPurposeInput] = useState('');
  const [sent, setSent] = useState(false);
  const [request, setRequest] = useState<{ member: number; purpose: string } | undefined>();
  const report = useAccessReport(request?.member, request?.purpose || undefined);
  const memberProblem =
    typeof memberInput === 'number' && memberInput > 0 ? null : t('admin.reportMemberRequired');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSent(true);
    if (memberProblem || typeof memberInput !== 'number') return;
    setRequest({ member: memberInput, purpose: purposeInput.trim() });
  };

  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {t('admin.reportTitle')}
      </Title>
      <Text size="sm" c="dimmed" maw={760}>
        {t('admin.reportIntro')}
      </Text>
      <form onSubmit={submit} noValidate>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <NumberInput
            label={t('admin.reportMember')}
            description={t('admin.reportMemberHint')}
            required
            min={1}
            allowDecimal={false}
            value={memberInput}
            onChange={setMemberInput}
            error={sent ? memberProblem : undefined}
            w={{ base: '100%', sm: 200 }}
          />
          <TextInput
            label={t('admin.reportPurpose')}
            description={t('admin.reportPurposeHint')}
            maxLength={200}
            value={purposeInput}
            onChange={(event) => setPurposeInput(event.currentTarget.value)}
            w={{ base: '100%', sm: 320 }}
          />
          <Button type="submit" loading={report.isFetching}>
            {t('admin.reportShow')}
          </Button>
        </Group>
      </form>

      {request && report.isError && (
        <ErrorState
          title={t('admin.reportLoadError')}
          error={report.error}
          onRetry={() => void report.refetch()}
        />
      )}
      {request && report.data && (
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start" gap="sm">
            <div>
              <Text fw={700}>
                {report.data.member.name}
                {report.data.member.memberNumber &&
                  ` · ${t('admin.memberNumber', { number: report.data.member.memberNumber })}`}
              </Text>
              <Text size="sm" c="dimmed">
                {report.data.member.address.join(', ')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('admin.reportGenerated', { date: format.dateTime(report.data.generatedAt) })}
              </Text>
            </div>
            <Button
              component="a"
              href={accessReportUrl(request.member, 'pdf', request.purpose || undefined)}
              download
              variant="default"
              leftSection={<IconDownload size={18} aria-hidden="true" />}
            >
              {t('admin.reportPdf')}
            </Button>
          </Group>
          {report.data.entries.length === 0 ? (
            <Alert color="gray" variant="light">
              {t('admin.reportEmpty')}
            </Alert>
          ) : (
            <TableScrollRegion label={t('admin.reportTitle')} minWidth={640}>
              <Table striped verticalSpacing="xs" aria-label={t('admin.reportTitle')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('admin.colTime')}</Table.Th>
                    <Table.Th>{t('admin.reportWhat')}</Table.Th>
                    <Table.Th>{t('admin.reportWho')}</Table.Th>
                    <Table.Th>{t('admin.colPurpose')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.data.entries.map((entry, index) => (
                    <Table.Tr key={`${entry.occurredAt}-${index}`}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {format.dateTime(entry.occurredAt)}
                      </Table.Td>
                      <Table.Td>
                        {entry.what[language]}
                        {entry.changedFields && entry.changedFields.length > 0 && (
                          <Text size="xs" c="dimmed">
                            {entry.changedFields.join(', ')}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {entry.account ?? t('admin.actorSystem')}
                        {entry.roles.map((role) => (
                          <Text size="xs" c="dimmed" key={`${role.role}-${role.unitCode}`}>
                            {role.roleName} · {role.unitCode}
                          </Text>
                        ))}
                      </Table.Td>
                      <Table.Td>{entry.purpose ?? '–'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScrollRegion>
          )}
          <Text size="xs" c="dimmed">
            <Anchor href="/api/docs" size="xs">
              {t('admin.reportApiHint')}
            </Anchor>
          </Text>
        </Stack>
      )}
    </Stack>
  );
}
