import { Alert, Button, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { Member } from '@/contracts/members';
import { ErrorState } from '@/web/components/error-state';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import { CaptionedTable } from '@/web/components/table-scroll-region';
import { useMemberFunctions } from '@/web/features/members/api/get-member-functions';
import { useMemberHistory } from '@/web/features/members/api/get-member-history';
import { statusKey } from '@/web/features/members/member-labels';
import { useMe } from '@/web/lib/session';
import {
  AddFunctionDialog,
  AddMandateDialog,
  EndEntryDialog,
} from '@/web/features/members/components/function-dialogs';
import { ConsentDialog, type ConsentChange } from '@/web/features/members/components/consent-dialog';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="sm" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}

/** Stammdaten: who, where, how to reach them. Fields withheld by the field rules say so. */
export function MasterDataTab({ member }: { member: Member }) {
  const t = useT();
  const format = useFormat();
  const dash = '–';
  const hidden = (field: string) => member.hiddenFields.includes(field);
  const address = [
    [member.street, member.houseNumber].filter(Boolean).join(' '),
    member.addressExtra,
    [member.postcode, member.city].filter(Boolean).join(' '),
    member.country !== 'DE' ? member.country : null,
  ].filter(Boolean);
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing="lg" m={0}>
      <Field label={t('members.fields.name')}>
        {[member.salutation, member.title, member.firstName, member.lastName, member.nameAffix]
          .filter(Boolean)
          .join(' ')}
      </Field>
      <Field label={t('members.fields.memberNumber')}>
        {member.memberNumber ?? t('members.detail.noNumber')}
      </Field>
      <Field label={t('members.fields.birthdate')}>
        {hidden('birthdate')
          ? t('members.detail.hidden')
          : member.birthdate
            ? format.date(member.birthdate)
            : dash}
      </Field>
      <Field label={t('members.fields.gender')}>
        {member.gender ? t(`members.gender.${member.gender}`) : t('members.detail.hidden')}
      </Field>
      <Field label={t('members.fields.address')}>
        {address.length
          ? address.map((line) => (
              <span key={line} style={{ display: 'block' }}>
                {line}
              </span>
            ))
          : dash}
      </Field>
      <Field label={t('members.fields.unit')}>
        {member.unitName} ({member.unitCode})
        {member.residenceException && (
          <Text span display="block" size="sm" c="dimmed">
            {t('members.detail.exception', { reason: member.residenceException })}
          </Text>
        )}
      </Field>
      <Field label={t('members.fields.email')}>{member.email ?? dash}</Field>
      <Field label={t('members.fields.phone')}>{member.phone ?? dash}</Field>
      <Field label={t('members.fields.entryDate')}>
        {member.entryDate ? format.date(member.entryDate) : dash}
      </Field>
      <Field label={t('members.fields.statusSince')}>
        {t(statusKey(member.status))} · {format.date(member.statusSince)}
      </Field>
      {!hidden('notes') && <Field label={t('members.fields.notes')}>{member.notes ?? dash}</Field>}
    </SimpleGrid>
  );
}

export function HistoryTab({ member }: { member: Member }) {
  const t = useT();
  const format = useFormat();
  const history = useMemberHistory(member.id, member.version);
  if (history.isError)
    return (
      <ErrorState
        title={t('members.detail.historyError')}
        error={history.error}
        onRetry={() => void history.refetch()}
      />
    );
  if (history.isPending) return <Loader aria-label={t('common.loading')} />;
  return (
    <Stack gap="lg">
      <CaptionedTable
        caption={t('members.history.statusCaption')}
        minWidth={560}
        columns={[
          t('members.history.from'),
          t('members.history.to'),
          t('members.columns.status'),
          t('members.columns.unit'),
          t('members.history.reason'),
          t('members.history.actor'),
        ]}
      >
        {[...history.data.statuses].reverse().map((entry) => (
          <Table.Tr key={`${entry.validFrom}-${entry.recordedAt}-${entry.status}`}>
            <Table.Td>{format.date(entry.validFrom)}</Table.Td>
            <Table.Td>{entry.validTo ? format.date(entry.validTo) : t('members.history.open')}</Table.Td>
            <Table.Td>{t(statusKey(entry.status))}</Table.Td>
            <Table.Td>{entry.unitCode}</Table.Td>
            <Table.Td>{entry.reason ?? '–'}</Table.Td>
            <Table.Td>{entry.actor ?? '–'}</Table.Td>
          </Table.Tr>
        ))}
      </CaptionedTable>
      <Title order={3} size="h4">
        {t('members.history.transfers')}
      </Title>
      {history.data.transfers.length === 0 ? (
        <Text c="dimmed">{t('members.history.noTransfers')}</Text>
      ) : (
        <Stack gap="xs" component="ul" pl="md">
          {history.data.transfers.map((transfer) => (
            <Text component="li" key={transfer.id}>
              {t('members.history.transferLine', {
                date: format.date(transfer.effectiveDate),
                from: transfer.fromUnitCode,
                to: transfer.toUnitCode,
              })}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

export function FunctionsTab({ member }: { member: Member }) {
  const t = useT();
  const format = useFormat();
  const data = useMemberFunctions(member.id);
  const canUpdate = useMe().can('member:update');
  const [adding, setAdding] = useState<'function' | 'mandate' | null>(null);
  const [ending, setEnding] = useState<{ what: 'function' | 'mandate'; id: number; name: string } | null>(
    null,
  );
  if (data.isError)
    return (
      <ErrorState
        title={t('members.detail.functionsError')}
        error={data.error}
        onRetry={() => void data.refetch()}
      />
    );
  if (data.isPending) return <Loader aria-label={t('common.loading')} />;
  const period = (start: string, end: string | null) =>
    end
      ? `${format.date(start)} – ${format.date(end)}`
      : t('members.functions.since', { date: format.date(start) });
  const endButton = (what: 'function' | 'mandate', id: number, name: string) =>
    canUpdate && (
      <Button
        size="compact-sm"
        variant="subtle"
        onClick={() => setEnding({ what, id, name })}
        aria-label={t('members.functions.endNamed', { name })}
      >
        {t('members.functions.end')}
      </Button>
    );
  const heading = (title: string, what: 'function' | 'mandate') => (
    <Group justify="space-between" gap="sm">
      <Title order={3} size="h4">
        {title}
      </Title>
      {canUpdate && (
        <Button
          size="compact-sm"
          variant="default"
          leftSection={<IconPlus size={16} aria-hidden="true" />}
          onClick={() => setAdding(what)}
        >
          {what === 'function' ? t('members.functions.addFunction') : t('members.functions.addMandate')}
        </Button>
      )}
    </Group>
  );
  return (
    <Stack gap="lg">
      {heading(t('members.functions.functions'), 'function')}
      {data.data.functions.length === 0 ? (
        <Text c="dimmed">{t('members.functions.noFunctions')}</Text>
      ) : (
        <Stack gap="xs" component="ul" pl="md">
          {data.data.functions.map((f) => (
            <Text component="li" key={f.id}>
              {f.name} · {f.unitCode} · {period(f.startDate, f.endDate)}{' '}
              {f.endDate === null && endButton('function', f.id, f.name)}
            </Text>
          ))}
        </Stack>
      )}
      {heading(t('members.functions.mandates'), 'mandate')}
      {data.data.mandates.length === 0 ? (
        <Text c="dimmed">{t('members.functions.noMandates')}</Text>
      ) : (
        <Stack gap="xs" component="ul" pl="md">
          {data.data.mandates.map((m) => (
            <Text component="li" key={m.id}>
              {[m.name, m.body, m.constituency].filter(Boolean).join(' · ')} ·{' '}
              {period(m.startDate, m.endDate)} {m.endDate === null && endButton('mandate', m.id, m.name)}
            </Text>
          ))}
        </Stack>
      )}
      {canUpdate && (
        <>
          <AddFunctionDialog member={member} opened={adding === 'function'} onClose={() => setAdding(null)} />
          <AddMandateDialog member={member} opened={adding === 'mandate'} onClose={() => setAdding(null)} />
          <EndEntryDialog member={member} entry={ending} onClose={() => setEnding(null)} />
        </>
      )}
    </Stack>
  );
}

export function ConsentsTab({ member }: { member: Member }) {
  const t = useT();
  const format = useFormat();
  const canUpdate = useMe().can('member:update');
  const [change, setChange] = useState<ConsentChange | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <Stack gap="md">
      {canUpdate && (
        <Group>
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden="true" />}
            onClick={() => setChange({ kind: 'grant' })}
          >
            {t('members.consents.grant')}
          </Button>
        </Group>
      )}
      {done && (
        <Alert color="green" variant="light" role="status">
          {done}
        </Alert>
      )}
      {member.consents.length === 0 ? (
        <Alert variant="light" color="gray">
          {t('members.consents.none')}
        </Alert>
      ) : (
        <CaptionedTable
          caption={t('members.consents.caption')}
          minWidth={560}
          columns={[
            t('members.consents.channel'),
            t('members.consents.granted'),
            t('members.consents.source'),
            t('members.consents.withdrawn'),
          ]}
        >
          {member.consents.map((consent, index) => (
            <Table.Tr key={`${consent.channel}-${consent.grantedOn}-${index}`}>
              <Table.Td>{t(`members.consents.channels.${consent.channel}`)}</Table.Td>
              <Table.Td>{format.date(consent.grantedOn)}</Table.Td>
              <Table.Td>{consent.source}</Table.Td>
              <Table.Td>
                {consent.withdrawnOn ? (
                  `${format.date(consent.withdrawnOn)}${consent.withdrawalSource ? ` (${consent.withdrawalSource})` : ''}`
                ) : (
                  <Group gap="xs">
                    {t('members.consents.active')}
                    {canUpdate && (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        onClick={() => setChange({ kind: 'withdraw', index })}
                        aria-label={t('members.consents.withdrawNamed', {
                          channel: t(`members.consents.channels.${consent.channel}`),
                        })}
                      >
                        {t('members.consents.withdraw')}
                      </Button>
                    )}
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </CaptionedTable>
      )}
      {canUpdate && (
        <ConsentDialog member={member} change={change} onClose={() => setChange(null)} onDone={setDone} />
      )}
    </Stack>
  );
}
