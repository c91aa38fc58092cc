import {
  Alert,
  Button,
  Group,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconCalculator } from '@tabler/icons-react';
import { useMemo, useState, type FormEvent } from 'react';
import { roles } from '@/contracts/access';
import { allocationMethods, type Allocation } from '@/contracts/delegates';
import { describeError } from '@/web/components/error-message';
import { ErrorState } from '@/web/components/error-state';
import { useT } from '@/web/components/i18n/i18n';
import type { MessageKey } from '@/web/components/i18n/translate';
import { ApiError } from '@/web/lib/api-client';
import { useMe } from '@/web/lib/session';
import { useUnits } from '@/web/features/units/api/get-units';
import { useCreateAllocation } from '@/web/features/delegates/api/create-allocation';
import {
  checkAllocationForm,
  initialAllocationForm,
  type AllocationFormField,
  type AllocationFormValues,
} from '@/web/features/delegates/allocation-form-values';
import { germanToday } from '@/contracts/dates';

/**
 * The request for a new allocation: within which unit, to which level, how many seats, by which
 * method, on which cut-off date, with optional minimum and basic seats and a seed for the lot.
 */
export function AllocationForm({ onCreated }: { onCreated: (allocation: Allocation) => void }) {
  const t = useT();
  const { me } = useMe();
  const today = useMemo(() => germanToday(), []);
  const state = useUnits({ level: 'state' });
  const districts = useUnits({ level: 'district' });
  const create = useCreateAllocation();
  const [values, setValues] = useState<AllocationFormValues | null>(null);
  const [showAll, setShowAll] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<AllocationFormField>>(new Set());

  // Only units where the account may count members: the server refuses the others anyway.
  const parents = useMemo(() => {
    const readable = new Set(
      (me?.grants ?? [])
        .filter((g) => roles[g.role].permissions.includes('member:read'))
        .map((g) => g.unitCode),
    );
    const states = (state.data?.items ?? []).filter(
      (u) => readable.has(u.code) || (u.parentCode !== null && readable.has(u.parentCode)),
    );
    const stateCodes = new Set(states.map((u) => u.code));
    const ownDistricts = (districts.data?.items ?? []).filter(
      (u) => readable.has(u.code) || (u.parentCode !== null && stateCodes.has(u.parentCode)),
    );
    return [...states, ...ownDistricts];
  }, [me, state.data, districts.data]);
  if (state.isError || districts.isError)
    return (
      <ErrorState
        title={t('delegates.form.error')}
        error={state.error ?? districts.error}
        onRetry={() => {
          void state.refetch();
          void districts.refetch();
        }}
      />
    );
  if (state.data && districts.data && parents.length === 0)
    return (
      <Alert color="orange" variant="light" styles={{ title: { color: '#8a3a0a' } }}>
        {t('delegates.form.noUnits')}
      </Alert>
    );
  if (!values && state.data && districts.data) {
    // Start within the account's own unit when it is the Landesverband or a Kreisverband.
    const own = parents.find((u) => u.code === me?.unitCode);
    const start = initialAllocationForm(today, own?.code ?? parents[0]?.code ?? '');
    setValues(own?.level === 'district' ? { ...start, level: 'local' } : start);
  }
  if (!values)
    return (
      <Paper withBorder radius="md" p="md">
        <Text role="status" c="dimmed">
          {t('delegates.form.unitsLoading')}
        </Text>
      </Paper>
    );

  const parentUnit = parents.find((u) => u.code === values.parent);
  const levels: AllocationFormValues['level'][] =
    parentUnit?.level === 'district' ? ['local'] : ['district', 'local'];
  const { errors, request } = checkAllocationForm(values, today);
  const errorOf = (field: AllocationFormField) => {
    const key: MessageKey | undefined = errors[field];
    return key && (showAll || touched.has(field)) ? t(key) : undefined;
  };
  const set = (next: Partial<AllocationFormValues>) => setValues({ ...values, ...next });
  const touch = (field: AllocationFormField) => setTouched(new Set([...touched, field]));
  const number = (field: 'seats' | 'minimumSeats' | 'basicSeats' | 'seed', required = false) => (
    <TextInput
      label={t(`delegates.form.${field}`)}
      description={t(`delegates.form.${field}Hint`)}
      inputMode="numeric"
      autoComplete="off"
      required={required}
      value={values[field]}
      onChange={(event) => set({ [field]: event.currentTarget.value })}
      onBlur={() => touch(field)}
      error={errorOf(field)}
    />
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShowAll(true);
    if (!request) return;
    create.mutate(request, { onSuccess: (allocation) => onCreated(allocation) });
  };

  const failure = create.error ? describeError(t, create.error) : null;
  const detail =
    create.error instanceof ApiError && create.error.code === 'delegates.invalid'
      ? (create.error.problem?.detail ?? '')
      : null;

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="delegates-form-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Title order={2} size="h3" id="delegates-form-title">
            {t('delegates.form.title')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label={t('delegates.form.parent')}
              description={t('delegates.form.parentHint')}
              data={parents.map((u) => ({ value: u.code, label: u.name }))}
              value={values.parent || null}
              onChange={(value) => {
                const unit = parents.find((u) => u.code === value);
                set({ parent: value ?? '', ...(unit?.level === 'district' ? { level: 'local' } : {}) });
              }}
              allowDeselect={false}
              searchable
              required
              error={errorOf('parent')}
            />
            <Select
              label={t('delegates.form.level')}
              description={t('delegates.form.levelHint')}
              data={levels.map((l) => ({ value: l, label: t(`delegates.levels.${l}`) }))}
              value={levels.includes(values.level) ? values.level : levels[0]!}
              onChange={(value) => value && set({ level: value as AllocationFormValues['level'] })}
              allowDeselect={false}
              required
            />
            {number('seats', true)}
            <TextInput
              type="date"
              label={t('delegates.form.cutoff')}
              description={t('delegates.form.cutoffHint')}
              required
              max={today}
              value={values.cutoff}
              onChange={(event) => set({ cutoff: event.currentTarget.value })}
              onBlur={() => touch('cutoff')}
              error={errorOf('cutoff')}
            />
          </SimpleGrid>
          <Radio.Group
            label={t('delegates.form.method')}
            value={values.method}
            onChange={(value) => set({ method: value as AllocationFormValues['method'] })}
            required
          >
            <Stack gap="sm" mt="xs">
              {allocationMethods.map((m) => (
                <Radio
                  key={m}
                  value={m}
                  label={t(`delegates.methods.${m}`)}
                  description={t(`delegates.methods.${m}Hint`)}
                />
              ))}
            </Stack>
          </Radio.Group>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            {number('minimumSeats')}
            {number('basicSeats')}
            {number('seed')}
          </SimpleGrid>
          {failure && (
            <Alert color="red" variant="light" role="alert" title={t('delegates.form.error')}>
              <Text size="sm">{failure.message}</Text>
              {detail !== null && (
                <Text size="sm" mt="xs">
                  {t('delegates.form.invalidHint', { detail })}
                </Text>
              )}
              {failure.reference && (
                <Text size="xs" c="dimmed" mt="xs">
                  {failure.reference}
                </Text>
              )}
            </Alert>
          )}
          <Group>
            <Button
              type="submit"
              loading={create.isPending}
              leftSection={<IconCalculator size={18} aria-hidden="true" />}
            >
              {t('delegates.form.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
