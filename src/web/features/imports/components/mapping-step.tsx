import {
  Alert,
  Button,
  Fieldset,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useState } from 'react';
import type { ImportField, ImportFile, ImportMapping } from '@/contracts/imports';
import { describeError } from '@/web/components/error-message';
import { useT } from '@/web/components/i18n/i18n';
import { useImportMappings, useSaveImportMapping } from '@/web/features/imports/api/import-mappings';
import {
  doubleColumns,
  fieldColumnsOf,
  fieldGroups,
  mappingOf,
  type FieldColumns,
} from '@/web/features/imports/mapping-form';
import { useUnits } from '@/web/features/units/api/get-units';
import { sortUnits } from '@/web/features/units/unit-search';

export interface MappingChoice {
  form: FieldColumns;
  defaultStatus: 'member' | 'applicant' | null;
  unitCode: string | null;
}

interface MappingStepProps {
  described: ImportFile;
  value: MappingChoice;
  onChange: (next: MappingChoice) => void;
  onBack: () => void;
  onCheck: () => void;
  starting: boolean;
  startError: unknown;
}

export const mappingFromChoice = (choice: MappingChoice): ImportMapping =>
  mappingOf(choice.form, choice.defaultStatus ? { status: choice.defaultStatus } : undefined);

/** Step 2: which column fills which field (suggested from the headers), saved mappings, the unit. */
export function MappingStep({
  described,
  value,
  onChange,
  onBack,
  onCheck,
  starting,
  startError,
}: MappingStepProps) {
  const t = useT();
  const saved = useImportMappings();
  const save = useSaveImportMapping();
  const [name, setName] = useState('');
  const [nameMissing, setNameMissing] = useState(false);
  const [nothingMapped, setNothingMapped] = useState(false);
  const districts = useUnits({ level: 'district' });
  const states = useUnits({ level: 'state' });
  const unitOptions = [...(states.data?.items ?? []), ...sortUnits(districts.data?.items ?? [])].map(
    (unit) => ({ value: unit.code, label: unit.name }),
  );
  const columnOptions = described.headers
    .filter((header, index, all) => header !== '' && all.indexOf(header) === index)
    .map((header) => ({ value: header, label: header }));
  const mappedCount = Object.values(value.form).filter(Boolean).length;
  const doubled = doubleColumns(value.form);

  const setField = (field: ImportField, column: string | null) => {
    setNothingMapped(false);
    const form = { ...value.form };
    if (column) form[field] = column;
    else delete form[field];
    onChange({ ...value, form });
  };

  const load = (id: string | null) => {
    const found = saved.data?.items.find((m) => String(m.id) === id);
    if (!found) return;
    setNothingMapped(false);
    onChange({
      ...value,
      form: fieldColumnsOf(found.mapping, described.headers),
      defaultStatus: found.mapping.defaults?.status ?? value.defaultStatus,
    });
  };

  const check = () => {
    if (mappedCount === 0) {
      setNothingMapped(true);
      return;
    }
    onCheck();
  };

  return (
    <Stack gap="lg">
      <Text maw={720}>{t('imports.mapping.intro', { count: mappedCount })}</Text>
      {(saved.data?.items.length ?? 0) > 0 && (
        <Select
          label={t('imports.mapping.load')}
          description={t('imports.mapping.loadHint')}
          placeholder={t('imports.mapping.loadPlaceholder')}
          data={(saved.data?.items ?? []).map((m) => ({ value: String(m.id), label: m.name }))}
          value={null}
          onChange={load}
          maw={420}
        />
      )}
      {fieldGroups.map((group) => (
        <Fieldset key={group.key} legend={t(`imports.mapping.groups.${group.key}`)}>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
            {group.fields.map((field) => (
              <Select
                key={field}
                label={t(`imports.fields.${field}`)}
                placeholder={t('imports.mapping.none')}
                data={columnOptions}
                value={value.form[field] ?? null}
                onChange={(column) => setField(field, column)}
                searchable
                clearable
                clearButtonProps={{
                  'aria-label': t('imports.mapping.clear', { field: t(`imports.fields.${field}`) }),
                }}
                nothingFoundMessage={t('imports.mapping.noColumn')}
              />
            ))}
          </SimpleGrid>
        </Fieldset>
      ))}
      {doubled.length > 0 && (
        <Alert color="yellow" variant="light" styles={{ title: { color: '#6b4e00' } }}>
          {t('imports.mapping.doubled', { columns: doubled.join(', ') })}
        </Alert>
      )}

      <Fieldset legend={t('imports.mapping.optionsLegend')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t('imports.mapping.unit')}
            description={t('imports.mapping.unitHint')}
            placeholder={t('imports.mapping.unitNone')}
            data={unitOptions}
            value={value.unitCode}
            onChange={(unitCode) => onChange({ ...value, unitCode })}
            searchable
            clearable
            clearButtonProps={{ 'aria-label': t('imports.mapping.unitClear') }}
            nothingFoundMessage={t('members.filters.unitNone')}
          />
          <Select
            label={t('imports.mapping.status')}
            description={t('imports.mapping.statusHint')}
            data={[
              { value: 'member', label: t('members.status.member') },
              { value: 'applicant', label: t('members.status.applicant') },
            ]}
            value={value.defaultStatus ?? 'member'}
            onChange={(status) =>
              onChange({ ...value, defaultStatus: status === 'applicant' ? 'applicant' : 'member' })
            }
            allowDeselect={false}
          />
        </SimpleGrid>
      </Fieldset>

      <section aria-labelledby="import-save-mapping">
        <Title order={3} size="h5" id="import-save-mapping" mb="xs">
          {t('imports.mapping.saveTitle')}
        </Title>
        <Group align="flex-start" gap="sm">
          <TextInput
            label={t('imports.mapping.saveName')}
            description={t('imports.mapping.saveHint')}
            value={name}
            onChange={(event) => {
              setName(event.currentTarget.value);
              setNameMissing(false);
            }}
            error={nameMissing ? t('imports.mapping.saveNameMissing') : undefined}
            maxLength={100}
            w={320}
          />
          <Button
            variant="default"
            mt={46}
            leftSection={<IconDeviceFloppy size={16} aria-hidden="true" />}
            loading={save.isPending}
            onClick={() => {
              if (!name.trim()) {
                setNameMissing(true);
                return;
              }
              save.mutate({ name: name.trim(), mapping: mappingFromChoice(value) });
            }}
          >
            {t('imports.mapping.save')}
          </Button>
        </Group>
        {save.isSuccess && (
          <Text role="status" size="sm" c="teal.9" mt="xs">
            {t('imports.mapping.saved', { name: save.data.name })}
          </Text>
        )}
        {save.isError && (
          <Alert color="red" variant="light" role="alert" mt="xs">
            {describeError(t, save.error).message}
          </Alert>
        )}
      </section>

      {nothingMapped && (
        <Alert color="red" variant="light" role="alert" title={t('imports.mapping.nothingTitle')}>
          {t('imports.mapping.nothing')}
        </Alert>
      )}
      {Boolean(startError) && (
        <Alert color="red" variant="light" role="alert" title={t('imports.check.failed')}>
          {describeError(t, startError).message}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t('imports.back')}
        </Button>
        <Button onClick={check} loading={starting}>
          {t('imports.mapping.check')}
        </Button>
      </Group>
    </Stack>
  );
}
