import { addressKey, koelnerPhonetik, nameKey, nameTerms } from '@/server/modules/members/german-names';

// Pure functions (no database): bulk loaders in other modules may import this file directly.

export interface SearchKeys {
  nameKeys: string[];
  lastNameKey: string;
  firstNameKey: string;
  addressKey: string | null;
  /** The name terms with their Kölner Phonetik code, for the term table. */
  terms: { term: string; phonetic: string }[];
}

/**
 * The search and duplicate keys of one member. Bulk loaders either put them into their COPY
 * (see searchKeyCopyColumns / searchKeyCopyValues) or call refreshSearchKeys() afterwards.
 */
export function searchKeysFor(member: {
  firstName: string;
  lastName: string;
  street?: string | null;
  houseNumber?: string | null;
  postcode?: string | null;
}): SearchKeys {
  const nameKeys = [...new Set([...nameTerms(member.lastName), ...nameTerms(member.firstName)])];
  return {
    nameKeys,
    lastNameKey: nameKey(member.lastName),
    firstNameKey: nameKey(member.firstName),
    addressKey: addressKey(member),
    terms: nameKeys.map((term) => ({ term, phonetic: koelnerPhonetik(term) })),
  };
}

/** The members columns that searchKeyCopyValues() fills, in its order. */
export const searchKeyCopyColumns = ['name_keys', 'last_name_key', 'first_name_key', 'address_key'] as const;

/** searchKeysFor() as fields of a PostgreSQL text-format COPY line (tab-joined by the caller). */
export function searchKeyCopyValues(member: Parameters<typeof searchKeysFor>[0]): string[] {
  const keys = searchKeysFor(member);
  const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
  // Terms contain only a–z and 0–9, so the array literal needs no quoting.
  return [
    `{${keys.nameKeys.join(',')}}`,
    escape(keys.lastNameKey),
    escape(keys.firstNameKey),
    keys.addressKey === null ? '\\N' : escape(keys.addressKey),
  ];
}
