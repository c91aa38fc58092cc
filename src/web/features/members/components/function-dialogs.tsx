import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { Member } from '@/contracts/members';
import { describeError } from '@/web/components/error-message';
import { useT } from '@/web/components/i18n/i18n';
import { useChangeFunctions } from '@/web/features/members/api/edit-functions';
import { useCatalogueOptions } from '@/web/features/members/api/get-member-catalogues';
import { todayIso } from '@/web/features/members/member-labels';
import { useUnits } from '@/web/features/units/api/get-units';
import { sortUnits } from '@/web/features/units/unit-search';

const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/** The member's own unit first, then the Kreisverbände and the Landesverband. */
function useUnitOptions(member: Member) {
  const districts = useUnits({ level: 'district' });
  const states = useUnits({ level: 'state' });
  const options = [
    { value: member.unitCode, label: member.unitName },
    ...[...(states.data?.items ?? []), ...sortUnits(districts.data?.items ?? [])].map((unit) => ({
      value: unit.code,
      label: unit.name,
    })),
  ];
  return options.filter((option, index) => options.findIndex((o) => o.value === option.value) === index);
}

function DialogForm({
  title,
  opened,
  onClose,
  onSubmit,
  error,
  pending,
  submitLabel,
  children,
}: {
  title: string;
  opened: boolean;
  onClose: () => void;
  onSubmit: () => void;
  error: unknown;
  pending: boolean;
  submitLabel: string;
  children: ReactNode;
}) {
  const t = useT();
  const problem = error ? describeError(t, error) : null;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      closeButtonProps={{ 'aria-label': t('members.common.close') }}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
      >
        <Stack gap="md">
          {children}
          {problem && (
            <Alert role="alert" color="red" variant="light" title={t('members.functions.failed')}>
              {problem.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('members.common.cancel')}
            </Button>
            <Button type="submit" loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** An office (Amt) held in a unit from a day on. */
export function AddFunctionDialog({
  member,
  opened,
  onClose,
}: {
  member: Member;
  opened: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const change = useChangeFunctions(member.id);
  const functions = useCatalogueOptions('functions');
  const units = useUnitOptions(member);
  const [code, setCode] = useState<string | null>(null);
  const [unitCode, setUnitCode] = useState<string>(member.unitCode);
  const [startDate, setStartDate] = useState(todayIso);
  const [errors, setErrors] = useState<{ code?: string; startDate?: string }>({});
  const close = () => {
    change.reset();
    setCode(null);
    setUnitCode(member.unitCode);
    setStartDate(todayIso());
    setErrors({});
    onClose();
  };
  const submit = () => {
    const found = {
      ...(code ? {} : { code: t('members.functions.functionMissing') }),
      ...(isDate(startDate) ? {} : { startDate: t('members.functions.startMissing') }),
    };
    setErrors(found);
    if (!code || Object.keys(found).length > 0) return;
    change.mutate({ kind: 'addFunction', input: { code, unitCode, startDate } }, { onSuccess: close });
  };
  return (
    <DialogForm
      title={t('members.functions.addFunction')}
      opened={opened}
      onClose={close}
      onSubmit={submit}
      error={change.error}
      pending={change.isPending}
      submitLabel={t('members.functions.addFunction')}
    >
      <Select
        label={t('members.functions.function')}
        data={functions}
        value={code}
        onChange={(value) => {
          setCode(value);
          setErrors((e) => ({ ...e, code: undefined }));
        }}
        error={errors.code}
        searchable
        required
      />
      <Select
        label={t('members.functions.unit')}
        description={t('members.functions.unitHint')}
        data={units}
        value={unitCode}
        onChange={(value) => setUnitCode(value ?? member.unitCode)}
        searchable
        allowDeselect={false}
      />
      <TextInput
        type="date"
        label={t('members.functions.startDate')}
        value={startDate}
        onChange={(event) => {
          setStartDate(event.currentTarget.value);
          setErrors((e) => ({ ...e, startDate: undefined }));
        }}
        error={errors.startDate}
        required
      />
    </DialogForm>
  );
}

/** A mandate: which one, the body and constituency, the unit whose area it belongs to, from when. */
export function AddMandateDialog({
  member,
  opened,
  onClose,
}: {
  member: Member;
  opened: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const change = useChangeFunctions(member.id);
  const mandates = useCatalogueOptions('mandates');
  const units = useUnitOptions(member);
  const [code, setCode] = useState<string | null>(null);
  const [body, setBody] = useState('');
  const [constituency, setConstituency] = useState('');
  const [unitCode, setUnitCode] = useState<string | null>(null);
  const [startDate, setStartDate] = useState(todayIso);
  const [errors, setErrors] = useState<{ code?: string; startDate?: string }>({});
  const close = () => {
    change.reset();
    setCode(null);
    setBody('');
    setConstituency('');
    setUnitCode(null);
    setStartDate(todayIso());
    setErrors({});
    onClose();
  };
  const submit = () => {
    const found = {
      ...(code ? {} : { code: t('members.functions.mandateMissing') }),
      ...(isDate(startDate) ? {} : { startDate: t('members.functions.startMissing') }),
    };
    setErrors(found);
    if (!code || Object.keys(found).length > 0) return;
    change.mutate(
      {
        kind: 'addMandate',
        input: {
          code,
          body: body.trim() || null,
          constituency: constituency.trim() || null,
          unitCode,
          startDate,
        },
      },
      { onSuccess: close },
    );
  };
  return (
    <DialogForm
      title={t('members.functions.addMandate')}
      opened={opened}
      onClose={close}
      onSubmit={submit}
      error={change.error}
      pending={change.isPending}
      submitLabel={t('members.functions.addMandate')}
    >
      <Select
        label={t('members.functions.mandate')}
        data={mandates}
        value={code}
        onChange={(value) => {
          setCode(value);
          setErrors((e) => ({ ...e, code: undefined }));
        }}
        error={errors.code}
        searchable
        required
      />
      <TextInput
        label={t('members.functions.body')}
        description={t('members.functions.bodyHint')}
        value={body}
        onChange={(event) => setBody(event.currentTarget.value)}
        maxLength={200}
      />
      <TextInput
        label={t('members.functions.constituency')}
        value={constituency}
        onChange={(event) => setConstituency(event.currentTarget.value)}
        maxLength={200}
      />
      <Select
        label={t('members.functions.mandateUnit')}
        description={t('members.functions.mandateUnitHint')}
        data={units}
        value={unitCode}
        onChange={setUnitCode}
        searchable
        clearable
        clearButtonProps={{ 'aria-label': t('members.form.clear') }}
      />
      <TextInput
        type="date"
        label={t('members.functions.startDate')}
        value={startDate}
        onChange={(event) => {
          setStartDate(event.currentTarget.value);
          setErrors((e) => ({ ...e, startDate: undefined }));
        }}
        error={errors.startDate}
        required
      />
    </DialogForm>
  );
}

/** Ends an office or a mandate on its last day. */
export function EndEntryDialog({
  member,
  entry,
  onClose,
}: {
  member: Member;
  entry: { what: 'function' | 'mandate'; id: number; name: string } | null;
  onClose: () => void;
}) {
  const t = useT();
  const change = useChangeFunctions(member.id);
  const [endDate, setEndDate] = useState(todayIso);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    change.reset();
    setEndDate(todayIso());
    setError(null);
    onClose();
  };
  const submit = () => {
    if (!entry) return;
    if (!isDate(endDate)) {
      setError(t('members.functions.endMissing'));
      return;
    }
    change.mutate({ kind: 'end', what: entry.what, id: entry.id, endDate }, { onSuccess: close });
  };
  return (
    <DialogForm
      title={entry ? t('members.functions.endTitle', { name: entry.name }) : ''}
      opened={entry !== null}
      onClose={close}
      onSubmit={submit}
      error={change.error}
      pending={change.isPending}
      submitLabel={t('members.functions.end')}
    >
      <Text size="sm">{t('members.functions.endIntro')}</Text>
      <TextInput
        type="date"
        label={t('members.functions.endDate')}
        value={endDate}
        onChange={(event) => {
          setEndDate(event.currentTarget.value);
          setError(null);
        }}
        error={error}
        required
      />
    </DialogForm>
  );
}
