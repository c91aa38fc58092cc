import {
  Button,
  Code,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { knownAuditActions } from '@/contracts/audit';
import { ErrorState } from '@/web/components/error-state';
import { useFormat, useI18n } from '@/web/components/i18n/i18n';
import { actionLabel } from '@/web/features/audit/action-label';
import { useAuditEntries, type AuditFilter } from '@/web/features/audit/api/get-audit-entries';
import { TableScrollRegion } from '@/web/components/table-scroll-region';

/** A day in the reader's time zone as an ISO instant: `from` at its start, `to` at the end of it. */
function dayBoundary(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T00:00:00`);
  if (Number.isNaN(date.getTime())) return undefined;
  if (end) date.setDate(date.getDate() + 1);
  return date.toISOString();
}

/** The trail, newest first, with filters for actor, action, entity and time range. */
export function AuditLog() {
  const { t, language } = useI18n();
  const format = useFormat();
  const [actor, setActor] = useState<number | string>('');
  const [action, setAction] = useState<string | null>(null);
  const [entityType, setEntityType] = useState('');
  const [entityId, setEntityId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [pages, setPages] = useState<number[]>([]);
  const [debouncedEntity] = useDebouncedValue(`${entityType.trim()}\u0000${entityId.trim()}`, 300);
  const [type, id] = debouncedEntity.split('\u0000');

  const filter: AuditFilter = {
    ...(typeof actor === 'number' ? { actor } : {}),
    ...(action ? { action } : {}),
    ...(type ? { entityType: type } : {}),
    ...(id ? { entityId: id } : {}),
    ...(dayBoundary(from, false) ? { from: dayBoundary(from, false) } : {}),
    ...(dayBoundary(to, true) ? { to: dayBoundary(to, true) } : {}),
    ...(pages.length ? { before: pages[pages.length - 1] } : {}),
  };
  const entries = useAuditEntries(filter);
  const resetPaging = () => setPages([]);

  const actionOptions = [
    ...['member.', 'auth.', 'user.', 'grant.', 'token.'].map((prefix) => ({
      value: prefix,
      label: t('admin.actionGroup', { group: actionLabel(language, `${prefix}all`) }),
    })),
    ...knownAuditActions.map((value) => ({ value, label: actionLabel(language, value) })),
  ];

  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        {t('admin.auditEntriesTitle')}
      </Title>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label={t('admin.filterAction')}
          placeholder={t('admin.filterAny')}
          data={actionOptions}
          value={action}
          onChange={(value) => {
            setAction(value);
            resetPaging();
          }}
          searchable
          clearable
          w={{ base: '100%', sm: 260 }}
        />
        <NumberInput
          label={t('admin.filterActor')}
          description={t('admin.filterActorHint')}
          value={actor}
          onChange={(value) => {
            setActor(value);
            resetPaging();
          }}
          min={1}
          allowDecimal={false}
          w={{ base: '100%', sm: 160 }}
        />
        <TextInput
          label={t('admin.filterEntityType')}
          description={t('admin.filterEntityTypeHint')}
          value={entityType}
          onChange={(event) => {
            setEntityType(event.currentTarget.value);
            resetPaging();
          }}
          w={{ base: '100%', sm: 160 }}
        />
        <TextInput
          label={t('admin.filterEntityId')}
          value={entityId}
          onChange={(event) => {
            setEntityId(event.currentTarget.value);
            resetPaging();
          }}
          w={{ base: '100%', sm: 120 }}
        />
        <TextInput
          type="date"
          label={t('admin.filterFrom')}
          value={from}
          onChange={(event) => {
            setFrom(event.currentTarget.value);
            resetPaging();
          }}
          w={{ base: '100%', sm: 170 }}
        />
        <TextInput
          type="date"
          label={t('admin.filterTo')}
          value={to}
          onChange={(event) => {
            setTo(event.currentTarget.value);
            resetPaging();
          }}
          w={{ base: '100%', sm: 170 }}
        />
      </Group>

      {entries.isError ? (
        <ErrorState
          title={t('admin.auditLoadError')}
          error={entries.error}
          onRetry={() => void entries.refetch()}
        />
      ) : !entries.data ? (
        <Text>{t('account.loading')}</Text>
      ) : entries.data.items.length === 0 ? (
        <Text>{t('admin.auditEmpty')}</Text>
      ) : (
        <TableScrollRegion label={t('admin.auditEntriesTitle')} minWidth={760}>
          <Table striped verticalSpacing="xs" aria-label={t('admin.auditEntriesTitle')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.colSeq')}</Table.Th>
                <Table.Th>{t('admin.colTime')}</Table.Th>
                <Table.Th>{t('admin.colActor')}</Table.Th>
                <Table.Th>{t('admin.colAction')}</Table.Th>
                <Table.Th>{t('admin.colEntity')}</Table.Th>
                <Table.Th>{t('admin.colPurpose')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.data.items.map((entry) => (
                <Table.Tr key={entry.seq}>
                  <Table.Td>{format.number(entry.seq)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(entry.occurredAt)}</Table.Td>
                  <Table.Td>
                    {entry.actorUserId !== null ? (
                      <UnstyledButton
                        onClick={() => {
                          setActor(entry.actorUserId!);
                          resetPaging();
                        }}
                        aria-label={t('admin.filterByActor', {
                          name: entry.actorName ?? String(entry.actorUserId),
                        })}
                        c="amtsblau.7"
                        fz="sm"
                        td="underline"
                      >
                        {entry.actorName ?? `#${entry.actorUserId}`}
                      </UnstyledButton>
                    ) : (
                      <Text size="sm">{entry.actorName ?? t('admin.actorSystem')}</Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{actionLabel(language, entry.action)}</Text>
                    <Code fz="xs">{entry.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    {entry.entityType ? `${entry.entityType} ${entry.entityId ?? ''}` : '–'}
                    {entry.subjectIds && entry.subjectIds.length > 0 && (
                      <Text size="xs" c="dimmed">
                        {t('admin.subjects', { count: entry.subjectIds.length })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{entry.purpose ?? '–'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScrollRegion>
      )}
      <Group gap="sm">
        {pages.length > 0 && (
          <Button variant="default" onClick={() => setPages(pages.slice(0, -1))}>
            {t('admin.newer')}
          </Button>
        )}
        {entries.data?.nextBefore != null && (
          <Button variant="default" onClick={() => setPages([...pages, entries.data!.nextBefore!])}>
            {t('admin.older')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
