import type { Unit } from '@/contracts/units';
import { placeName } from '@/web/features/units/unit-names';

const collator = new Intl.Collator('de', { sensitivity: 'base', numeric: true });

/**
 * Sorted the way a German reader expects: by place (the level word in front does not count),
 * Ä with A, ß with ss, "Bad Homburg" before "Badenweiler".
 */
export function sortUnits<T extends Pick<Unit, 'name'>>(units: readonly T[]): T[] {
  return [...units].sort(
    (a, b) => collator.compare(placeName(a.name), placeName(b.name)) || collator.compare(a.name, b.name),
  );
}

const umlauts: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/** Lower case, umlauts spelled out (ä → ae), other accents dropped, hyphens and spaces alike. */
function spelledOut(text: string): string {
  return stripAccents(
    text
      .normalize('NFC')
      .toLowerCase()
      .replace(/[äöüß]/g, (ch) => umlauts[ch]!),
  );
}

/** Lower case with every accent dropped (ä → a): catches "Gottingen" for "Göttingen". */
function stripAccents(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[-‐‑–—_/.,]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Whether a unit matches what someone typed: every word must occur in its name or AGS,
 * whatever the case, umlaut spelling (Gießen, Giessen, giessen) or hyphenation.
 */
export function unitMatches(unit: Pick<Unit, 'name' | 'code' | 'ags'>, query: string): boolean {
  const words = stripAccents(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [unit.name, unit.code, unit.ags ?? ''].join(' ');
  const plain = stripAccents(haystack);
  const spelled = spelledOut(haystack);
  const spelledWords = spelledOut(query).split(' ').filter(Boolean);
  return words.every((word) => plain.includes(word)) || spelledWords.every((word) => spelled.includes(word));
}

export function filterUnits<T extends Pick<Unit, 'name' | 'code' | 'ags'>>(
  units: readonly T[],
  query: string,
): T[] {
  return units.filter((unit) => unitMatches(unit, query));
}
