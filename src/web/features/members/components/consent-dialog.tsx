import { Select, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { consentChannels, type Consent, type Member } from '@/contracts/members';
import { FormDialog } from '@/web/components/form-dialog';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import { ApiError } from '@/web/lib/api-client';
import { memberQueryKey } from '@/web/features/members/api/get-member';
import { useUpdateMember } from '@/web/features/members/api/update-member';
import { germanToday } from '@/contracts/dates';
import { isIsoDate } from '@/web/features/members/member-labels';

/** Record a new consent, or withdraw the one at `index` of the member's consents. */
export type ConsentChange = { kind: 'grant' } | { kind: 'withdraw'; index: number };

type Channel = (typeof consentChannels)[number];

/**
 * Consents are part of the record: the dialog sends the whole list back with PATCH and If-Match,
 * so a change made meanwhile by someone else is refused (409), never overwritten.
 */
export function ConsentDialog({
  member,
  change,
  onClose,
  onDone,
}: {
  member: Member;
  change: ConsentChange | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const t = useT();
  const format = useFormat();
  const queryClient = useQueryClient();
  const update = useUpdateMember(member.id);
  const [channel, setChannel] = useState<Channel | null>(null);
  const [date, setDate] = useState(germanToday);
  const [source, setSource] = useState('');
  const [errors, setErrors] = useState<{ channel?: string; date?: string; source?: string }>({});
  const withdrawing = change?.kind === 'withdraw' ? member.consents[change.index] : undefined;

  const close = () => {
    update.reset();
    setChannel(null);
    setDate(germanToday());
    setSource('');
    setErrors({});
    onClose();
  };

  const submit = () => {
    if (!change) return;
    const found = {
      ...(change.kind === 'grant' && !channel ? { channel: t('members.consents.channelMissing') } : {}),
      ...(isIsoDate(date) ? {} : { date: t('members.consents.dateMissing') }),
      ...(source.trim() ? {} : { source: t('members.consents.sourceMissing') }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const consents: Consent[] =
      change.kind === 'grant'
        ? [
            ...member.consents,
            {
              channel: channel!,
              grantedOn: date,
              source: source.trim(),
              withdrawnOn: null,
              withdrawalSource: null,
            },
          ]
        : member.consents.map((consent, index) =>
            index === change.index
              ? { ...consent, withdrawnOn: date, withdrawalSource: source.trim() }
              : consent,
          );
    update.mutate(
      { version: member.version, patch: { consents } },
      {
        onSuccess: () => {
          onDone(
            change.kind === 'grant'
              ? t('members.consents.grantedDone', { channel: t(`members.consents.channels.${channel!}`) })
              : t('members.consents.withdrawnDone', {
                  channel: t(`members.consents.channels.${withdrawing!.channel}`),
                }),
          );
          close();
        },
        onError: (error) => {
          // The next attempt should start from what is stored now.
          if (error instanceof ApiError && error.code === 'member.version_conflict')
            void queryClient.invalidateQueries({ queryKey: memberQueryKey(member.id) });
        },
      },
    );
  };

  const title =
    change?.kind === 'withdraw' ? t('members.consents.withdrawTitle') : t('members.consents.grantTitle');

  return (
    <FormDialog
      title={title}
      opened={change !== null}
      onClose={close}
      onSubmit={submit}
      error={update.error}
      errorTitle={t('members.consents.failed')}
      pending={update.isPending}
      submitLabel={withdrawing ? t('members.consents.withdraw') : t('members.consents.grant')}
    >
      {withdrawing ? (
        <Text size="sm">
          {t('members.consents.withdrawIntro', {
            channel: t(`members.consents.channels.${withdrawing.channel}`),
            date: format.date(withdrawing.grantedOn),
          })}
        </Text>
      ) : (
        <>
          <Text size="sm">{t('members.consents.grantIntro')}</Text>
          <Select
            label={t('members.consents.channel')}
            data={consentChannels.map((value) => ({
              value,
              label: t(`members.consents.channels.${value}`),
            }))}
            value={channel}
            onChange={(value) => {
              setChannel(value as Channel | null);
              setErrors((e) => ({ ...e, channel: undefined }));
            }}
            error={errors.channel}
            required
          />
        </>
      )}
      <TextInput
        type="date"
        label={withdrawing ? t('members.consents.withdrawnOn') : t('members.consents.grantedOn')}
        value={date}
        onChange={(event) => {
          setDate(event.currentTarget.value);
          setErrors((e) => ({ ...e, date: undefined }));
        }}
        error={errors.date}
        required
      />
      <TextInput
        label={withdrawing ? t('members.consents.withdrawalSource') : t('members.consents.source')}
        description={t('members.consents.sourceHint')}
        value={source}
        onChange={(event) => {
          setSource(event.currentTarget.value);
          setErrors((e) => ({ ...e, source: undefined }));
        }}
        error={errors.source}
        maxLength={200}
        required
      />
    </FormDialog>
  );
}
