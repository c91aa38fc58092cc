import { Alert, Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { Member, TransitionType } from '@/contracts/members';
import { describeError } from '@/web/components/error-message';
import { useT } from '@/web/components/i18n/i18n';
import { useApplyTransition } from '@/web/features/members/api/apply-transition';
import {
  sortName,
  todayIso,
  transitionConsequenceKey,
  transitionDateKey,
  transitionKey,
} from '@/web/features/members/member-labels';

interface TransitionDialogProps {
  member: Member;
  type: TransitionType | null;
  onClose: () => void;
  onDone: (member: Member, type: TransitionType) => void;
}

/** One lifecycle step, with what it means spelled out before it is taken. */
export function TransitionDialog({ member, type, onClose, onDone }: TransitionDialogProps) {
  const t = useT();
  const apply = useApplyTransition(member.id);
  const [date, setDate] = useState(todayIso);
  const [reason, setReason] = useState('');
  const [dateError, setDateError] = useState<string | null>(null);

  const close = () => {
    apply.reset();
    setReason('');
    setDate(todayIso());
    setDateError(null);
    onClose();
  };

  const submit = () => {
    if (!type) return;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setDateError(t('members.transitions.dateMissing'));
      return;
    }
    apply.mutate(
      {
        version: member.version,
        input: { type, effectiveDate: date, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      },
      {
        onSuccess: (updated) => {
          onDone(updated, type);
          close();
        },
      },
    );
  };

  const error = apply.error ? describeError(t, apply.error) : null;

  return (
    <Modal
      opened={type !== null}
      onClose={close}
      title={type ? t(transitionKey(type)) : ''}
      size="lg"
      closeButtonProps={{ 'aria-label': t('members.common.close') }}
    >
      {type && (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <Stack gap="md">
            <Text fw={600}>{t('members.transitions.who', { name: sortName(member) })}</Text>
            <Alert color="blue" variant="light" title={t('members.transitions.consequenceTitle')}>
              {t(transitionConsequenceKey(type))}
            </Alert>
            <TextInput
              type="date"
              label={t(transitionDateKey(type))}
              value={date}
              onChange={(event) => {
                setDate(event.currentTarget.value);
                setDateError(null);
              }}
              error={dateError}
              required
            />
            <Textarea
              label={t('members.transitions.reason')}
              description={t('members.transitions.reasonHint')}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={1000}
            />
            {error && (
              <Alert role="alert" color="red" variant="light" title={t('members.transitions.failed')}>
                {error.message}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('members.common.cancel')}
              </Button>
              <Button type="submit" loading={apply.isPending}>
                {t(transitionKey(type))}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
