import { memberListQuerySchema } from '@/contracts/members';
import type { MemberFilters } from '@/web/features/members/api/get-members';

/**
 * The member list's filters as they stand in the address (`/mitglieder?status=member&function=chair`),
 * in the same form the API takes them, so a list can be bookmarked, shared and saved.
 */
export interface MemberSearch {
  q?: string;
  unit?: string;
  status?: string;
  asOf?: string;
  ageMin?: number;
  ageMax?: number;
  gender?: string;
  entryFrom?: string;
  entryTo?: string;
  function?: string;
  mandate?: string;
  consent?: string;
  association?: string;
  sort?: string;
}

const textKeys = [
  'q',
  'unit',
  'asOf',
  'entryFrom',
  'entryTo',
  'function',
  'mandate',
  'consent',
  'association',
  'sort',
] as const;
const listKeys = ['status', 'gender'] as const;
const numberKeys = ['ageMin', 'ageMax'] as const;

const shape = memberListQuerySchema.shape;

/** Keeps what the API would accept and drops the rest (a mistyped bookmark shows the whole list). */
export function validateMemberSearch(raw: Record<string, unknown>): MemberSearch {
  const result: MemberSearch = {};
  for (const key of textKeys) {
    const value = raw[key];
    if (value === undefined || value === null || value === '') continue;
    // The router reads `?q=12345679` as a number; a member number is text.
    const text = String(value);
    if (shape[key].safeParse(text).success) result[key] = text;
  }
  for (const key of listKeys) {
    const value = raw[key];
    if (typeof value !== 'string' || value === '') continue;
    if (shape[key].safeParse(value).success) result[key] = value;
  }
  for (const key of numberKeys) {
    const value = raw[key];
    if (value === undefined || value === null || value === '') continue;
    const parsed = shape[key].safeParse(value);
    if (parsed.success && parsed.data !== undefined) result[key] = parsed.data;
  }
  if (result.sort === 'name') delete result.sort;
  return result;
}

/** Address → the filters the list query and the filter bar use. */
export function filtersFromSearch(search: MemberSearch): MemberFilters {
  const parsed = memberListQuerySchema
    .omit({ limit: true, cursor: true })
    .partial()
    .safeParse(validateMemberSearch(search as Record<string, unknown>));
  if (!parsed.success) return { sort: 'name' };
  const filters: MemberFilters = {};
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value !== undefined) (filters as Record<string, unknown>)[key] = value;
  }
  return { sort: 'name', ...filters };
}

/** Filters → the address (arrays become comma-separated, the default order is left out). */
export function searchFromFilters(filters: MemberFilters): MemberSearch {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) raw[key] = value.join(',');
    } else raw[key] = value;
  }
  return validateMemberSearch(raw);
}
