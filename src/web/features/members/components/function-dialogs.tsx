import { Select, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { roles } from '@/contracts/access';
import type { Member } from '@/contracts/members';
import type { Unit } from '@/contracts/units';
import { FormDialog } from '@/web/components/form-dialog';
import { useT } from '@/web/components/i18n/i18n';
import { useChangeFunctions } from '@/web/features/members/api/edit-functions';
import { useCatalogueOptions } from '@/web/features/members/api/get-member-catalogues';
import { germanToday } from '@/contracts/dates';
import { isIsoDate } from '@/web/features/members/member-labels';
import { useUnits } from '@/web/features/units/api/get-units';
import { sortUnits } from '@/web/features/units/unit-search';
import { useMe } from '@/web/lib/session';

/**
 * The member's own unit first, then the Landesverband and the Kreisverbände in which the account
 * may change members (the server refuses an office in any other unit): a Kreisverband's office sees
 * its own Kreisverband, the state office all of them.
 */
function useUnitOptions(member: Member) {
  const districts = useUnits({ level: 'district' });
  const states = useUnits({ level: 'state' });
  const grants = useMe().me?.grants ?? [];
  const writable = (unit: Unit) =>
    grants.some(
      (g) =>
        roles[g.role].permissions.includes('member:update') &&
        (g.unitCode === unit.code || g.unitCode === unit.parentCode),
    );
  const options = [
    { value: member.unitCode, label: member.unitName },
    ...[...(states.data?.items ?? []), ...sortUnits(districts.data?.items ?? [])]
      .filter(writable)
      .map((unit) => ({
        value: unit.code,
        label: unit.name,
      })),
  ];
  return options.filter((option, index) => options.findIndex((o) => o.value === option.value) === index);
}

interface AddDialogProps {
  member: Member;
  opened: boolean;
  onClose: () => void;
}

type AddChange = Parameters<ReturnType<typeof useChangeFunctions>['mutate']>[0];

/**
 * What adding an office and adding a mandate share: one entry of the catalogue, the fields of its
 * kind (`children`), from which day on. `toChange` makes the request from the two; `onReset`
 * clears the kind's own fields when the dialog closes.
 */
function AddEntryDialog({
  member,
  opened,
  onClose,
  title,
  choice,
  toChange,
  onReset,
  children,
}: AddDialogProps & {
  title: string;
  choice: { label: string; data: { value: string; label: string }[]; missing: string };
  toChange: (code: string, startDate: string) => AddChange;
  onReset: () => void;
  children: ReactNode;
}) {
  const t = useT();
  const change = useChangeFunctions(member.id);
  const [code, setCode] = useState<string | null>(null);
  const [startDate, setStartDate] = useState(germanToday);
  const [errors, setErrors] = useState<{ code?: string; startDate?: string }>({});
  const close = () => {
    change.reset();
    setCode(null);
    onReset();
    setStartDate(germanToday());
    setErrors({});
    onClose();
  };
  const submit = () => {
    const found = {
      ...(code ? {} : { code: choice.missing }),
      ...(isIsoDate(startDate) ? {} : { startDate: t('members.functions.startMissing') }),
    };
    setErrors(found);
    if (!code || Object.keys(found).length > 0) return;
    change.mutate(toChange(code, startDate), { onSuccess: close });
  };
  return (
    <FormDialog
      title={title}
      opened={opened}
      onClose={close}
      onSubmit={submit}
      error={change.error}
      errorTitle={t('members.functions.failed')}
      pending={change.isPending}
      submitLabel={title}
    >
      <Select
        label={choice.label}
        data={choice.data}
        value={code}
        onChange={(value) => {
          setCode(value);
          setErrors((e) => ({ ...e, code: undefined }));
        }}
        error={errors.code}
        searchable
        required
      />
      {children}
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
    </FormDialog>
  );
}

/** An office (Amt) held in a unit from a day on. */
export function AddFunctionDialog(props: AddDialogProps) {
  const { member } = props;
  const t = useT();
  const functions = useCatalogueOptions('functions');
  const units = useUnitOptions(member);
  const [unitCode, setUnitCode] = useState<string>(member.unitCode);
  return (
    <AddEntryDialog
      {...props}
      title={t('members.functions.addFunction')}
      choice={{
        label: t('members.functions.function'),
        data: functions,
        missing: t('members.functions.functionMissing'),
      }}
      toChange={(code, startDate) => ({ kind: 'addFunction', input: { code, unitCode, startDate } })}
      onReset={() => setUnitCode(member.unitCode)}
    >
      <Select
        label={t('members.functions.unit')}
        description={t('members.functions.unitHint')}
        data={units}
        value={unitCode}
        onChange={(value) => setUnitCode(value ?? member.unitCode)}
        searchable
        allowDeselect={false}
      />
    </AddEntryDialog>
  );
}

/** A mandate: which one, the body and constituency, the unit whose area it belongs to, from when. */
export function AddMandateDialog(props: AddDialogProps) {
  const { member } = props;
  const t = useT();
  const mandates = useCatalogueOptions('mandates');
  const units = useUnitOptions(member);
  const [body, setBody] = useState('');
  const [constituency, setConstituency] = useState('');
  const [unitCode, setUnitCode] = useState<string | null>(null);
  return (
    <AddEntryDialog
      {...props}
      title={t('members.functions.addMandate')}
      choice={{
        label: t('members.functions.mandate'),
        data: mandates,
        missing: t('members.functions.mandateMissing'),
      }}
      toChange={(code, startDate) => ({
        kind: 'addMandate',
        input: {
          code,
          body: body.trim() || null,
          constituency: constituency.trim() || null,
          unitCode,
          startDate,
        },
      })}
      onReset={() => {
        setBody('');
        setConstituency('');
        setUnitCode(null);
      }}
    >
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
    </AddEntryDialog>
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
  const [endDate, setEndDate] = useState(germanToday);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    change.reset();
    setEndDate(germanToday());
    setError(null);
    onClose();
  };
  const submit = () => {
    if (!entry) return;
    if (!isIsoDate(endDate)) {
      setError(t('members.functions.endMissing'));
      return;
    }
    change.mutate({ kind: 'end', what: entry.what, id: entry.id, endDate }, { onSuccess: close });
  };
  return (
    <FormDialog
      title={entry ? t('members.functions.endTitle', { name: entry.name }) : ''}
      opened={entry !== null}
      onClose={close}
      onSubmit={submit}
      error={change.error}
      errorTitle={t('members.functions.failed')}
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
    </FormDialog>
  );
}
