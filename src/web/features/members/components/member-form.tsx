import { Fieldset, Select, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { genders } from '@/contracts/members';
import { useT } from '@/web/components/i18n/i18n';
import type { MessageKey } from '@/web/components/i18n/translate';
import { useResidence } from '@/web/features/members/api/get-residence';
import {
  validateMemberForm,
  type FormField,
  type MemberFormValues,
} from '@/web/features/members/member-form-values';

interface MemberFormFieldsProps {
  values: MemberFormValues;
  onChange: (next: MemberFormValues) => void;
  /** Fields the user has left once: their problems show from then on, as they type. */
  touched: ReadonlySet<string>;
  onTouch: (field: string) => void;
  /** After a save attempt every problem shows. */
  showAll: boolean;
  withEntryDate?: boolean;
}

/** The residence lookup and the validation together, so the page can refuse to save. */
export function useMemberFormCheck(values: MemberFormValues) {
  const residence = useResidence(values.postcode, 'DE');
  const choices = residence.data?.choices;
  const errors = useMemo(
    () => validateMemberForm(values, { placeNames: choices?.map((choice) => choice.placeName) }),
    [values, choices],
  );
  return { residence, choices, errors };
}

/** The fields of a member record, checked as they are typed (postcode ↔ city, e-mail, phone). */
export function MemberFormFields({
  values,
  onChange,
  touched,
  onTouch,
  showAll,
  withEntryDate = false,
}: MemberFormFieldsProps) {
  const t = useT();
  const { choices, errors } = useMemberFormCheck(values);
  const set = (field: FormField | 'gemeindeAgs', value: string) => onChange({ ...values, [field]: value });
  const errorOf = (field: FormField | 'gemeindeAgs') => {
    const key: MessageKey | undefined = errors[field];
    if (!key || !(showAll || touched.has(field))) return undefined;
    if (field === 'city' && choices) return t(key, { places: choices.map((c) => c.placeName).join(', ') });
    return t(key);
  };
  const text = (
    field: FormField,
    props: {
      label: MessageKey;
      autoComplete?: string;
      required?: boolean;
      type?: string;
      description?: MessageKey;
    },
  ) => (
    <TextInput
      label={t(props.label)}
      description={props.description ? t(props.description) : undefined}
      value={values[field]}
      onChange={(event) => set(field, event.currentTarget.value)}
      onBlur={() => onTouch(field)}
      error={errorOf(field)}
      required={props.required}
      autoComplete={props.autoComplete}
      type={props.type}
    />
  );

  // One Gemeinde for the postcode: fill in an empty city and choose it.
  useEffect(() => {
    if (!choices || choices.length !== 1) return;
    const only = choices[0]!;
    if (!values.city.trim() || values.gemeindeAgs !== only.ags) {
      onChange({ ...values, city: values.city.trim() ? values.city : only.placeName, gemeindeAgs: only.ags });
    }
    // Only when the answer for a postcode arrives.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [choices]);

  const unitOfChoice =
    choices?.find((choice) => choice.ags === values.gemeindeAgs) ??
    (choices?.length === 1 ? choices[0] : undefined);

  return (
    <Stack gap="lg">
      <Fieldset legend={t('members.form.person')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {text('salutation', { label: 'members.fields.salutation', autoComplete: 'honorific-prefix' })}
          {text('title', { label: 'members.fields.title' })}
          {text('firstName', {
            label: 'members.fields.firstName',
            autoComplete: 'given-name',
            required: true,
          })}
          {text('lastName', {
            label: 'members.fields.lastName',
            autoComplete: 'family-name',
            required: true,
          })}
          {text('birthdate', { label: 'members.fields.birthdate', type: 'date', autoComplete: 'bday' })}
          <Select
            label={t('members.fields.gender')}
            data={genders.map((gender) => ({ value: gender, label: t(`members.gender.${gender}`) }))}
            value={values.gender || null}
            onChange={(gender) => set('gender', gender ?? '')}
            clearable
            clearButtonProps={{ 'aria-label': t('members.form.clear') }}
          />
          {withEntryDate && text('entryDate', { label: 'members.fields.entryDate', type: 'date' })}
        </SimpleGrid>
      </Fieldset>
      <Fieldset legend={t('members.form.address')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {text('street', { label: 'members.fields.street', autoComplete: 'address-line1' })}
          {text('houseNumber', { label: 'members.fields.houseNumber' })}
          {text('addressExtra', { label: 'members.fields.addressExtra', autoComplete: 'address-line2' })}
          <div />
          {text('postcode', { label: 'members.fields.postcode', autoComplete: 'postal-code' })}
          {text('city', { label: 'members.fields.city', autoComplete: 'address-level2' })}
          {choices && choices.length > 1 && (
            <Select
              label={t('members.fields.gemeinde')}
              description={t('members.form.gemeindeHint', { postcode: values.postcode.trim() })}
              data={choices.map((choice) => ({ value: choice.ags, label: choice.placeName }))}
              value={values.gemeindeAgs || null}
              onChange={(ags) => {
                const chosen = choices.find((choice) => choice.ags === ags);
                onChange({
                  ...values,
                  gemeindeAgs: ags ?? '',
                  city: chosen ? chosen.placeName : values.city,
                });
              }}
              onBlur={() => onTouch('gemeindeAgs')}
              error={errorOf('gemeindeAgs')}
              required
            />
          )}
        </SimpleGrid>
        {choices && choices.length === 0 && (
          <Text size="sm" c="dimmed" mt="xs" role="status">
            {t('members.form.postcodeUnknown')}
          </Text>
        )}
        {unitOfChoice?.unitName && (
          <Text size="sm" c="dimmed" mt="xs" role="status">
            {t('members.form.unitFromResidence', { unit: unitOfChoice.unitName })}
          </Text>
        )}
      </Fieldset>
      <Fieldset legend={t('members.form.contact')}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {text('email', { label: 'members.fields.email', type: 'email', autoComplete: 'email' })}
          {text('phone', {
            label: 'members.fields.phone',
            type: 'tel',
            autoComplete: 'tel',
            description: 'members.form.phoneHint',
          })}
        </SimpleGrid>
      </Fieldset>
      <Textarea
        label={t('members.fields.notes')}
        value={values.notes}
        onChange={(event) => set('notes', event.currentTarget.value)}
        autosize
        minRows={2}
      />
    </Stack>
  );
}
