import { Alert, Text, TextInput, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { Member, TransitionType } from '@/contracts/members';
import { germanToday } from '@/contracts/dates';
import { DialogForm, DialogModal } from '@/web/components/form-dialog';
import { useT } from '@/web/components/i18n/i18n';
import { useApplyTransition } from '@/web/features/members/api/apply-transition';
import {
  isIsoDate,
  sortName,
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
  const [date, setDate] = useState(germanToday);
  const [reason, setReason] = useState('');
  const [dateError, setDateError] = useState<string | null>(null);

  const close = () => {
    apply.reset();
    setReason('');
    setDate(germanToday());
    setDateError(null);
    onClose();
  };

  const submit = () => {
    if (!type) return;
    if (!isIsoDate(date)) {
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

  return (
    <DialogModal opened={type !== null} onClose={close} title={type ? t(transitionKey(type)) : ''} size="lg">
      {type && (
        <DialogForm
          onSubmit={submit}
          onCancel={close}
          error={apply.error}
          errorTitle={t('members.transitions.failed')}
          pending={apply.isPending}
          submitLabel={t(transitionKey(type))}
        >
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
        </DialogForm>
      )}
    </DialogModal>
  );
}
