import { isValidEmail, isValidPostcode, normalisePhone } from '@/contracts/contact';
import type { Member } from '@/contracts/members';
import type { MessageKey } from '@/web/components/i18n/translate';
import { germanToday } from '@/contracts/dates';

/** What the form edits, as the inputs hold it: '' is "no value". */
export const formFields = [
  'salutation',
  'title',
  'firstName',
  'lastName',
  'nameAffix',
  'birthdate',
  'gender',
  'street',
  'houseNumber',
  'addressExtra',
  'postcode',
  'city',
  'email',
  'phone',
  'entryDate',
  'notes',
] as const;
export type FormField = (typeof formFields)[number];
export type MemberFormValues = Record<FormField, string> & { gemeindeAgs: string };

export function emptyFormValues(): MemberFormValues {
  const values = Object.fromEntries(formFields.map((field) => [field, ''])) as Record<FormField, string>;
  return { ...values, gemeindeAgs: '' };
}

export function formValuesOf(member: Member): MemberFormValues {
  const values = emptyFormValues();
  for (const field of formFields) {
    const value = member[field];
    values[field] = typeof value === 'string' ? value : '';
  }
  return values;
}

/** The value as the API takes it: text trimmed, empty as null. */
export function apiValue(field: FormField, value: string): string | null | undefined {
  const trimmed = value.trim();
  if (field === 'gender') return trimmed || undefined;
  if (field === 'firstName' || field === 'lastName') return trimmed;
  return trimmed === '' ? null : trimmed;
}

/** How a value reads for comparison: the API's form (phone numbers in E.164, e-mail in lower case). */
export function comparable(field: FormField, value: string | null | undefined): string {
  const text = (value ?? '').trim();
  if (field === 'phone' && text) return normalisePhone(text) ?? text;
  if (field === 'email') return text.toLowerCase();
  return text;
}

/** The fields whose value differs from the record as it was read. */
export function changedFields(base: MemberFormValues, values: MemberFormValues): FormField[] {
  return formFields.filter((field) => comparable(field, base[field]) !== comparable(field, values[field]));
}

export interface ResidenceHint {
  /** Gemeinden of the postcode; undefined while unknown or not asked. */
  placeNames: string[] | undefined;
}

/** Problems of the input in plain words (keys of members.validation), by field. */
export function validateMemberForm(
  values: MemberFormValues,
  residence: ResidenceHint,
): Partial<Record<FormField | 'gemeindeAgs', MessageKey>> {
  const errors: Partial<Record<FormField | 'gemeindeAgs', MessageKey>> = {};
  if (!values.firstName.trim()) errors.firstName = 'members.validation.firstName';
  if (!values.lastName.trim()) errors.lastName = 'members.validation.lastName';
  if (values.email.trim() && !isValidEmail(values.email)) errors.email = 'members.validation.email';
  if (values.phone.trim() && !normalisePhone(values.phone)) errors.phone = 'members.validation.phone';
  if (values.postcode.trim() && !isValidPostcode(values.postcode))
    errors.postcode = 'members.validation.postcode';
  const today = germanToday();
  if (values.birthdate && values.birthdate > today) errors.birthdate = 'members.validation.birthdateFuture';
  const places = residence.placeNames;
  if (places && places.length > 0 && values.city.trim() && !errors.postcode) {
    const city = values.city.trim().toLocaleLowerCase('de');
    const fits = places.some((place) => {
      const name = place.toLocaleLowerCase('de');
      return name === city || name.startsWith(city) || city.startsWith(name.split(/[ ,(]/)[0]!);
    });
    if (!fits) errors.city = 'members.validation.cityMismatch';
  }
  if (places && places.length > 1 && !values.gemeindeAgs) errors.gemeindeAgs = 'members.validation.gemeinde';
  return errors;
}
