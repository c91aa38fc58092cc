import { isValidEmail, isValidPostcode, normaliseEmail, normalisePhone } from '@/contracts/contact';
import type { ImportField, ImportIssue, ImportMapping } from '@/contracts/imports';
import {
  cleanCell,
  genderFromSalutation,
  isExcelError,
  normaliseSalutation,
  parseBic,
  parseBirthdate,
  parseCountry,
  parseEntryDate,
  parseGender,
  parseIban,
  parseStatus,
  restorePostcode,
  splitStreet,
  type Checked,
} from '@/server/modules/imports/import-values';
import type { MemberDraft } from '@/server/modules/members/member-bulk-write';

export type { MemberDraft };

/** One import row cleaned and checked: its member (null when unusable) and what is wrong with it. */
export interface RowCheck {
  draft: MemberDraft | null;
  issues: ImportIssue[];
}

const LIMITS: Partial<Record<ImportField, number>> = {
  salutation: 40,
  title: 40,
  firstName: 100,
  lastName: 100,
  nameAffix: 40,
  street: 200,
  houseNumber: 20,
  addressExtra: 200,
  city: 100,
  accountHolder: 200,
  notes: 10_000,
  externalId: 100,
};

const FIELD_NAMES: Record<ImportField, string> = {
  externalId: 'Frühere Mitgliedsnummer',
  salutation: 'Anrede',
  title: 'Titel',
  firstName: 'Vorname',
  lastName: 'Nachname',
  nameAffix: 'Namenszusatz',
  birthdate: 'Geburtsdatum',
  gender: 'Geschlecht',
  street: 'Straße',
  houseNumber: 'Hausnummer',
  addressExtra: 'Adresszusatz',
  postcode: 'Postleitzahl',
  city: 'Ort',
  country: 'Land',
  email: 'E-Mail',
  phoneAreaCode: 'Vorwahl',
  phone: 'Telefon',
  mobile: 'Mobiltelefon',
  entryDate: 'Eintrittsdatum',
  status: 'Status',
  unitCode: 'Gliederung',
  iban: 'IBAN',
  bic: 'BIC',
  accountHolder: 'Kontoinhaber',
  notes: 'Bemerkung',
};

/**
 * Checks one data row against the mapping: every mapped value is cleaned (Excel remnants) and
 * validated; any problem rejects the whole row, so that no half-filled record is stored.
 */
export function checkRow(
  line: number,
  fields: readonly string[],
  mapping: { byIndex: readonly (ImportField | null)[]; columnOf: Partial<Record<ImportField, string>> },
  defaults: ImportMapping['defaults'] = {},
  today: Date = new Date(),
): RowCheck {
  const issues: ImportIssue[] = [];
  const raw: Partial<Record<ImportField, string>> = {};
  const values: Partial<Record<ImportField, string | null>> = {};
  mapping.byIndex.forEach((field, index) => {
    if (!field) return;
    const original = fields[index] ?? '';
    const value = cleanCell(original);
    if (value === null || values[field]) return; // the first non-empty column wins
    raw[field] = original;
    values[field] = value;
  });

  const column = (field: ImportField) => mapping.columnOf[field] ?? FIELD_NAMES[field];
  const problem = (field: ImportField, message: string) =>
    issues.push({ line, column: column(field), value: raw[field] ?? null, message });
  const take = <T>(field: ImportField, check: (v: string) => Checked<T>): T | null => {
    const v = values[field];
    if (!v) return null;
    const result = check(v);
    if (!result.ok) {
      problem(field, result.message);
      return null;
    }
    return result.value;
  };

  for (const [field, value] of Object.entries(values) as [ImportField, string][]) {
    if (isExcelError(value)) {
      problem(field, `Die Zelle enthält den Excel-Fehlerwert „${value}“ statt eines Werts.`);
      delete values[field];
      continue;
    }
    const limit = LIMITS[field];
    if (limit && value.length > limit) {
      problem(field, `${FIELD_NAMES[field]} ist länger als ${limit} Zeichen.`);
      delete values[field];
    }
  }

  const firstName = values.firstName ?? null;
  const lastName = values.lastName ?? null;
  if (!firstName)
    issues.push({ line, column: column('firstName'), value: null, message: 'Der Vorname fehlt.' });
  if (!lastName)
    issues.push({ line, column: column('lastName'), value: null, message: 'Der Nachname fehlt.' });

  const country = take('country', parseCountry) ?? defaults?.country ?? 'DE';
  const salutation = values.salutation ? normaliseSalutation(values.salutation) : null;
  const gender = take('gender', parseGender) ?? genderFromSalutation(salutation) ?? 'unspecified';
  const birthdate = take('birthdate', (v) => parseBirthdate(v, today));
  const entryDate = take('entryDate', (v) => parseEntryDate(v, today));
  const status = take('status', parseStatus) ?? defaults?.status ?? 'member';

  let street = values.street ?? null;
  let houseNumber = values.houseNumber ?? null;
  if (street && !houseNumber && !mapping.columnOf.houseNumber) {
    const split = splitStreet(street);
    street = split.street;
    houseNumber = split.houseNumber;
  }

  let postcode = values.postcode ? restorePostcode(values.postcode, country) : null;
  if (postcode && !isValidPostcode(postcode, country)) {
    problem(
      'postcode',
      country === 'DE'
        ? `„${values.postcode}“ ist keine gültige Postleitzahl (fünf Ziffern).`
        : `„${values.postcode}“ ist keine gültige Postleitzahl.`,
    );
    postcode = null;
  }

  let email: string | null = null;
  if (values.email) {
    if (isValidEmail(values.email)) email = normaliseEmail(values.email);
    else problem('email', `„${values.email}“ ist keine gültige E-Mail-Adresse.`);
  }

  let phone: string | null = null;
  const phoneText = values.phone
    ? values.phoneAreaCode && !values.phone.startsWith('+') && !values.phone.startsWith('0')
      ? `${values.phoneAreaCode} ${values.phone}`
      : values.phone
    : null;
  const phoneField: ImportField | null = phoneText ? 'phone' : values.mobile ? 'mobile' : null;
  if (phoneField) {
    const text = phoneField === 'phone' ? phoneText! : values.mobile!;
    phone = normalisePhone(text, country);
    if (!phone) problem(phoneField, `„${text}“ ist keine gültige Telefonnummer.`);
  }

  const iban = take('iban', parseIban);
  const bic = take('bic', parseBic);
  if (iban && !values.accountHolder && !(firstName && lastName)) {
    problem('iban', 'Zur IBAN fehlt der Kontoinhaber.');
  }

  if (issues.length > 0 || !firstName || !lastName) return { draft: null, issues };
  return {
    draft: {
      externalId: values.externalId ?? null,
      salutation,
      title: values.title ?? null,
      firstName,
      lastName,
      nameAffix: values.nameAffix ?? null,
      birthdate,
      gender,
      street,
      houseNumber,
      addressExtra: values.addressExtra ?? null,
      postcode,
      city: values.city ?? null,
      country,
      email,
      phone,
      entryDate,
      status,
      unitCode: values.unitCode?.toUpperCase() ?? defaults?.unitCode ?? null,
      iban,
      bic,
      accountHolder: iban ? (values.accountHolder ?? `${firstName} ${lastName}`) : null,
      notes: values.notes ?? null,
    },
    issues,
  };
}

/** The draft as the report's preview shows it (German labels are the UI's business; keys here). */
export function previewValues(draft: MemberDraft): Record<string, string | null> {
  const { iban, ...rest } = draft;
  return {
    ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v === null ? null : String(v)])),
    // Bank data stays out of previews and reports: only whether it is there.
    iban: iban ? `${iban.slice(0, 4)} … ${iban.slice(-2)}` : null,
  };
}
