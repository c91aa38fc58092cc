import {
  Button,
  Collapse,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconFilterOff } from '@tabler/icons-react';
import {
  consentChannels,
  genders,
  memberSortKeys,
  memberStatuses,
  type MemberStatus,
} from '@/contracts/members';
import { useT } from '@/web/components/i18n/i18n';
import type { MessageKey } from '@/web/components/i18n/translate';
import type { MemberFilters } from '@/web/features/members/api/get-members';
import { useCatalogueOptions } from '@/web/features/members/api/get-member-catalogues';
import { statusKey } from '@/web/features/members/member-labels';
import { useUnits } from '@/web/features/units/api/get-units';
import { sortUnits } from '@/web/features/units/unit-search';

interface MemberFilterBarProps {
  value: MemberFilters;
  onChange: (next: MemberFilters) => void;
}

const sortKey = (key: (typeof memberSortKeys)[number]): MessageKey =>
  `members.sort.${key.startsWith('-') ? `${key.slice(1)}Desc` : key}` as MessageKey;

/**
 * Everything but the search box: unit (with its subtree), status, as-of date, age, gender, entry
 * dates, function, mandate, consent, association (Vereinigung) and order.
 */
export function MemberFilterBar({ value, onChange }: MemberFilterBarProps) {
  const t = useT();
  const districts = useUnits({ level: 'district' });
  const states = useUnits({ level: 'state' });
  const unitOptions = [...(states.data?.items ?? []), ...sortUnits(districts.data?.items ?? [])].map(
    (unit) => ({ value: unit.code, label: unit.name }),
  );
  const functionOptions = useCatalogueOptions('functions', true);
  const mandateOptions = useCatalogueOptions('mandates', true);
  const associationOptions = useCatalogueOptions('associations', true);
  const set = (patch: MemberFilters) => onChange({ ...value, ...patch });
  const clearable = { clearable: true, clearButtonProps: { 'aria-label': t('members.form.clear') } };
  const age = (input: string | number) => (typeof input === 'number' ? input : undefined);
  const activeCount = [
    value.unit,
    value.status,
    value.asOf,
    value.ageMin,
    value.ageMax,
    value.gender,
    value.entryFrom,
    value.entryTo,
    value.function,
    value.mandate,
    value.consent,
    value.association,
    value.sort && value.sort !== 'name' ? value.sort : undefined,
  ].filter((entry) => entry !== undefined).length;
  const active = activeCount > 0;
  // On a laptop the filters are open; on a phone they wait behind a button, so the list shows first.
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const [opened, { toggle }] = useDisclosure(wide);

  return (
    <Stack gap="sm">
      <Group>
        <Button
          variant="subtle"
          leftSection={<IconAdjustmentsHorizontal size={18} aria-hidden="true" />}
          onClick={toggle}
          aria-expanded={opened}
          aria-controls="member-filters"
        >
          {opened
            ? t('members.filters.hide', { count: activeCount })
            : t('members.filters.show', { count: activeCount })}
        </Button>
      </Group>
      <Collapse expanded={opened} id="member-filters">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" verticalSpacing="sm">
          <Select
            label={t('members.filters.unit')}
            placeholder={t('members.filters.unitAll')}
            data={unitOptions}
            value={value.unit ?? null}
            onChange={(unit) => set({ unit: unit ?? undefined })}
            searchable
            clearable
            clearButtonProps={{ 'aria-label': t('members.form.clear') }}
            nothingFoundMessage={t('members.filters.unitNone')}
          />
          <MultiSelect
            label={t('members.filters.status')}
            placeholder={value.status?.length ? undefined : t('members.filters.statusAll')}
            data={memberStatuses.map((status) => ({ value: status, label: t(statusKey(status)) }))}
            value={value.status ?? []}
            onChange={(status) => set({ status: status.length ? (status as MemberStatus[]) : undefined })}
            clearable
            clearButtonProps={{ 'aria-label': t('members.form.clear') }}
          />
          <TextInput
            type="date"
            label={t('members.filters.asOf')}
            description={t('members.filters.asOfHint')}
            value={value.asOf ?? ''}
            onChange={(event) => set({ asOf: event.currentTarget.value || undefined })}
          />
          <Select
            label={t('members.filters.gender')}
            placeholder={t('members.filters.genderAll')}
            data={genders.map((gender) => ({ value: gender, label: t(`members.gender.${gender}`) }))}
            value={value.gender?.[0] ?? null}
            onChange={(gender) => set({ gender: gender ? [gender as (typeof genders)[number]] : undefined })}
            clearable
            clearButtonProps={{ 'aria-label': t('members.form.clear') }}
          />
          <NumberInput
            label={t('members.filters.ageMin')}
            min={0}
            max={130}
            allowDecimal={false}
            value={value.ageMin ?? ''}
            onChange={(input) => set({ ageMin: age(input) })}
          />
          <NumberInput
            label={t('members.filters.ageMax')}
            min={0}
            max={130}
            allowDecimal={false}
            value={value.ageMax ?? ''}
            onChange={(input) => set({ ageMax: age(input) })}
          />
          <TextInput
            type="date"
            label={t('members.filters.entryFrom')}
            value={value.entryFrom ?? ''}
            onChange={(event) => set({ entryFrom: event.currentTarget.value || undefined })}
          />
          <TextInput
            type="date"
            label={t('members.filters.entryTo')}
            value={value.entryTo ?? ''}
            onChange={(event) => set({ entryTo: event.currentTarget.value || undefined })}
          />
          <Select
            label={t('members.filters.function')}
            placeholder={t('members.filters.any')}
            data={functionOptions}
            value={value.function ?? null}
            onChange={(code) => set({ function: code ?? undefined })}
            searchable
            {...clearable}
          />
          <Select
            label={t('members.filters.mandate')}
            placeholder={t('members.filters.any')}
            data={mandateOptions}
            value={value.mandate ?? null}
            onChange={(code) => set({ mandate: code ?? undefined })}
            searchable
            {...clearable}
          />
          <Select
            label={t('members.filters.consent')}
            placeholder={t('members.filters.any')}
            data={consentChannels.map((channel) => ({
              value: channel,
              label: t(`members.consents.channels.${channel}`),
            }))}
            value={value.consent ?? null}
            onChange={(channel) =>
              set({ consent: (channel ?? undefined) as (typeof consentChannels)[number] | undefined })
            }
            {...clearable}
          />
          <Select
            label={t('members.filters.association')}
            placeholder={t('members.filters.any')}
            data={associationOptions}
            value={value.association ?? null}
            onChange={(code) => set({ association: code ?? undefined })}
            searchable
            {...clearable}
          />
          <Select
            label={t('members.filters.sort')}
            data={memberSortKeys.map((key) => ({ value: key, label: t(sortKey(key)) }))}
            value={value.sort ?? 'name'}
            onChange={(sort) => set({ sort: (sort ?? 'name') as (typeof memberSortKeys)[number] })}
            allowDeselect={false}
          />
          <Group align="flex-end">
            <Button
              variant="default"
              leftSection={<IconFilterOff size={16} aria-hidden="true" />}
              disabled={!active}
              onClick={() => onChange({ q: value.q })}
            >
              {t('members.filters.reset')}
            </Button>
          </Group>
        </SimpleGrid>
      </Collapse>
    </Stack>
  );
}
