import { addressKey, koelnerPhonetik, nameKey, nameTerms } from '@/server/modules/members/german-names';
import type { SearchKeys } from '@/server/modules/members/search-keys';

/**
 * searchKeysFor() of the member file, memoised per name and per street and house number: a
 * million demo members share a few thousand names, and folding every name again would be most
 * of the generator's work. demo-search-keys.spec.ts proves the result equals searchKeysFor().
 */
export function createSearchKeyCache() {
  const termsOf = new Map<string, string[]>();
  const keyOf = new Map<string, string>();
  const phoneticOf = new Map<string, string>();
  const addressOf = new Map<string, string | null>();

  const terms = (name: string): string[] => {
    let t = termsOf.get(name);
    if (!t) termsOf.set(name, (t = nameTerms(name)));
    return t;
  };
  const key = (name: string): string => {
    let k = keyOf.get(name);
    if (k === undefined) keyOf.set(name, (k = nameKey(name)));
    return k;
  };
  const phonetic = (term: string): string => {
    let p = phoneticOf.get(term);
    if (p === undefined) phoneticOf.set(term, (p = koelnerPhonetik(term)));
    return p;
  };

  return (member: {
    firstName: string;
    lastName: string;
    street: string | null;
    houseNumber: string | null;
    postcode: string | null;
  }): SearchKeys => {
    const nameKeys = [...new Set([...terms(member.lastName), ...terms(member.firstName)])];
    let address: string | null;
    if (!member.street || !member.postcode) address = null;
    else {
      // addressKey() is postcode|street|house; only the postcode is not memoised.
      const streetHouse = `${member.street}\t${member.houseNumber ?? ''}`;
      let tail = addressOf.get(streetHouse);
      if (tail === undefined) {
        const sample = addressKey({ street: member.street, houseNumber: member.houseNumber, postcode: '0' });
        tail = sample === null ? null : sample.slice(1);
        addressOf.set(streetHouse, tail);
      }
      address = tail === null ? null : `${member.postcode.trim()}${tail}`;
    }
    return {
      nameKeys,
      lastNameKey: key(member.lastName),
      firstNameKey: key(member.firstName),
      addressKey: address,
      terms: nameKeys.map((term) => ({ term, phonetic: phonetic(term) })),
    };
  };
}
