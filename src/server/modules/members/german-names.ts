/**
 * German-aware name keys for search and duplicate detection.
 *
 * A key is what two spellings of one name have in common: lower case, umlauts and their
 * transliterations folded to the base vowel (Müller = Mueller = Muller → "muller"), ß → ss,
 * accents removed (José → jose), hyphens and apostrophes dropped (Hans-Peter → hanspeter).
 * Keys are for matching only; the record keeps the name as it was written.
 */

/** Name particles that are not the name itself: "von der Heide" is found as "Heide" too. */
export const NAME_PARTICLES: ReadonlySet<string> = new Set([
  'von',
  'vom',
  'van',
  'vander',
  'der',
  'den',
  'dem',
  'de',
  'del',
  'della',
  'di',
  'da',
  'do',
  'dos',
  'du',
  'la',
  'le',
  'zu',
  'zum',
  'zur',
  'ter',
  'ten',
  'op',
  'auf',
  'und',
  'y',
]);

// Letters that NFD does not decompose into base letter + accent.
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  ø: 'o',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * Folds one piece of text to its key alphabet (a–z, 0–9 and spaces); every other character
 * becomes a space or disappears (hyphens and apostrophes join: Hans-Peter → hanspeter).
 */
export function foldGerman(text: string): string {
  let t = text.normalize('NFC').toLowerCase();
  t = t.replace(/[ßẞæøœłđðþı]/g, (c) => SPECIAL_LETTERS[c] ?? c);
  // ä → a + combining diaeresis → a; é → e; ñ → n.
  t = t.normalize('NFD').replace(/\p{M}+/gu, '');
  t = t.replace(/['’`´\-‐‑–]/g, '');
  t = t.replace(/[^a-z0-9]+/g, ' ').trim();
  // Transliterated umlauts: Mueller → muller, like Müller. Applied to every key alike, so a
  // name that merely contains "ue" (Manuel) still matches itself.
  return t.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u');
}

/** The words of a name, folded, without particles unless the name is nothing but particles. */
export function nameWords(name: string): string[] {
  const words = foldGerman(name.replace(/[-‐‑–]/g, ' '))
    .split(' ')
    .filter(Boolean);
  const core = words.filter((w) => !NAME_PARTICLES.has(w));
  return core.length > 0 ? core : words;
}

/**
 * One key for a whole name: its words without particles, joined. "Hans-Peter", "Hans Peter" and
 * "Hanspeter" → "hanspeter"; "von der Heide" → "heide"; "Müller-Lüdenscheidt" → "mullerludenscheidt".
 */
export function nameKey(name: string): string {
  return nameWords(name).join('');
}

/**
 * Every key under which a name can be found: its joined form and each word (so "Peter" finds
 * "Hans-Peter" and "Heide" finds "von der Heide"), plus the joined form with particles
 * ("vonderheide").
 */
export function nameTerms(name: string): string[] {
  const terms = new Set<string>();
  const words = nameWords(name);
  if (words.length === 0) return [];
  terms.add(words.join(''));
  for (const w of words) terms.add(w);
  const withParticles = foldGerman(name).replace(/ /g, '');
  if (withParticles) terms.add(withParticles);
  return [...terms];
}

const VOWELS = 'aeijouy';

/**
 * Kölner Phonetik (Hans Joachim Postel, 1969): a code for how a German name sounds, so that
 * Meier, Meyer, Maier and Mayer share "67" and Schmidt and Schmitt share "862".
 */
export function koelnerPhonetik(text: string): string {
  const s = foldGerman(text).replace(/[^a-z]/g, '');
  let raw = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    const prev = i > 0 ? s.charAt(i - 1) : '';
    const next = i + 1 < s.length ? s.charAt(i + 1) : '';
    const nextIn = (letters: string) => next !== '' && letters.includes(next);
    const prevIn = (letters: string) => prev !== '' && letters.includes(prev);
    if (VOWELS.includes(c)) raw += '0';
    else if (c === 'h') continue;
    else if (c === 'b') raw += '1';
    else if (c === 'p') raw += nextIn('h') ? '3' : '1';
    else if (c === 'd' || c === 't') raw += nextIn('csz') ? '8' : '2';
    else if (c === 'f' || c === 'v' || c === 'w') raw += '3';
    else if (c === 'g' || c === 'k' || c === 'q') raw += '4';
    else if (c === 'c') {
      if (i === 0) raw += nextIn('ahkloqrux') ? '4' : '8';
      else raw += !prevIn('sz') && nextIn('ahkoqux') ? '4' : '8';
    } else if (c === 'x') raw += prevIn('ckq') ? '8' : '48';
    else if (c === 'l') raw += '5';
    else if (c === 'm' || c === 'n') raw += '6';
    else if (c === 'r') raw += '7';
    else if (c === 's' || c === 'z') raw += '8';
  }
  return compactPhoneticCode(raw);
}

/** Second and third step: collapse repeated digits, then drop every 0 but a leading one. */
export function compactPhoneticCode(raw: string): string {
  let collapsed = '';
  for (const d of raw) if (collapsed.charAt(collapsed.length - 1) !== d) collapsed += d;
  return collapsed.charAt(0) + collapsed.slice(1).replace(/0/g, '');
}

/** Normalised address for duplicate blocking: street without "straße/str.", house number, postcode. */
export function addressKey(address: {
  street?: string | null;
  houseNumber?: string | null;
  postcode?: string | null;
}): string | null {
  if (!address.street || !address.postcode) return null;
  const street = foldGerman(address.street)
    .replace(/\bstrasse\b|\bstr\b/g, 'str')
    .replace(/strasse$|str$/, 'str')
    .replace(/ /g, '');
  const house = foldGerman(address.houseNumber ?? '').replace(/ /g, '');
  return `${address.postcode.trim()}|${street}|${house}`;
}
