import type { ImportField, ImportMapping } from '@/contracts/imports';

/** The wizard's form: for every member field, the column of the file that fills it (or none). */
export type FieldColumns = Partial<Record<ImportField, string>>;

/** The fields in the groups the page shows them in. */
export const fieldGroups: {
  key: 'person' | 'address' | 'contact' | 'membership' | 'bank';
  fields: ImportField[];
}[] = [
  {
    key: 'person',
    fields: ['salutation', 'title', 'firstName', 'lastName', 'nameAffix', 'birthdate', 'gender'],
  },
  { key: 'address', fields: ['street', 'houseNumber', 'addressExtra', 'postcode', 'city', 'country'] },
  { key: 'contact', fields: ['email', 'phoneAreaCode', 'phone', 'mobile'] },
  { key: 'membership', fields: ['externalId', 'entryDate', 'status', 'unitCode', 'notes'] },
  { key: 'bank', fields: ['iban', 'bic', 'accountHolder'] },
];

/** A mapping (column → field) as the form shows it; the first column named for a field wins. */
export function fieldColumnsOf(mapping: ImportMapping, headers: readonly string[]): FieldColumns {
  const out: FieldColumns = {};
  for (const [column, field] of Object.entries(mapping.columns)) {
    if (field && headers.includes(column) && out[field] === undefined) out[field] = column;
  }
  return out;
}

/** The form as the API's mapping; a column chosen for two fields fills the first of them. */
export function mappingOf(form: FieldColumns, defaults: ImportMapping['defaults']): ImportMapping {
  const columns: Record<string, ImportField> = {};
  for (const { fields } of fieldGroups) {
    for (const field of fields) {
      const column = form[field];
      if (column && columns[column] === undefined) columns[column] = field;
    }
  }
  return defaults && Object.keys(defaults).length > 0 ? { columns, defaults } : { columns };
}

/** Columns chosen for more than one field: only the first field gets them. */
export function doubleColumns(form: FieldColumns): string[] {
  const seen = new Set<string>();
  const doubled = new Set<string>();
  for (const column of Object.values(form)) {
    if (!column) continue;
    if (seen.has(column)) doubled.add(column);
    seen.add(column);
  }
  return [...doubled];
}
