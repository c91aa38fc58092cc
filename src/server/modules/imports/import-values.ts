/**
 * Cleaning and checking single values of an import file. Pure functions; each returns the
 * normalised value or an error text in plain German for the row report.
 */

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = <T>(message: string): Checked<T> => ({ ok: false, message });
const quote = (s: string) => `„${s}“`;

const EXCEL_ERRORS = new Set([
  '#N/A',
  '#NV',
  '#VALUE!',
  '#WERT!',
  '#REF!',
  '#BEZUG!',
  '#DIV/0!',
  '#NAME?',
  '#NAME',
  '#NUM!',
  '#ZAHL!',
  '#NULL!',
]);

/**
 * Removes what spreadsheets leave in exported text: `="+49 30"` (a formula that keeps text as
 * text), a leading apostrophe before a formula character (how exports, ours included, defuse
 * formulas), non-breaking spaces, surrounding white space. Empty becomes null.
 */
export function cleanCell(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  let v = raw.replace(/\u00a0/g, ' ').trim();
  const formula = /^="(.*)"$/s.exec(v);
  if (formula) v = formula[1]!.replace(/""/g, '"').trim();
  if (/^'[=+\-@\t\r]/.test(v)) v = v.slice(1);
  return v === '' ? null : v;
}

export function isExcelError(value: string): boolean {
  return EXCEL_ERRORS.has(value.toUpperCase());
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/**
 * Dates as people and programs write them: 03.03.1970, 3.3.70, 1970-03-03 (also with a time,
 * as XLSX cells come), 03/03/1970, and Excel's serial day numbers (25630). Two-digit years belong
 * to this century up to the current year, to the last before (70 → 1970, 05 → 2005).
 */
export function parseDate(value: string, today: Date = new Date()): Checked<string> {
  const v = value.trim();
  let y: number;
  let m: number;
  let d: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(v))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})$/.exec(v))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (match[3]!.length === 2) {
      const current = today.getUTCFullYear() % 100;
      y += y <= current ? 2000 : 1900;
    }
  } else if ((match = /^(\d{5})$/.exec(v)) && Number(v) > 0 && Number(v) < 80_000) {
    // Excel's 1900 date system: day 1 is 1900-01-01, and Excel counts a 29 February 1900 that never was.
    const date = new Date(Date.UTC(1899, 11, 30) + Number(v) * 86_400_000);
    return ok(date.toISOString().slice(0, 10));
  } else {
    return fail(`${quote(v)} ist kein Datum (erwartet z. B. 03.03.1970 oder 1970-03-03).`);
  }
  if (!validDate(y, m, d)) return fail(`${quote(v)} ist kein gültiges Datum (diesen Tag gibt es nicht).`);
  return ok(`${pad(y, 4)}-${pad(m)}-${pad(d)}`);
}

/** A birth date: a real date, not in the future, not before 1900. */
export function parseBirthdate(value: string, today: Date = new Date()): Checked<string> {
  const date = parseDate(value, today);
  if (!date.ok) return date;
  const iso = today.toISOString().slice(0, 10);
  if (date.value > iso) return fail(`Das Geburtsdatum ${quote(value)} liegt in der Zukunft.`);
  if (date.value < '1900-01-01') return fail(`Das Geburtsdatum ${quote(value)} liegt vor 1900.`);
  return date;
}

/** An entry date: a real date, not before 1900 and not more than a year ahead. */
export function parseEntryDate(value: string, today: Date = new Date()): Checked<string> {
  const date = parseDate(value, today);
  if (!date.ok) return date;
  const limit = new Date(today.getTime() + 366 * 86_400_000).toISOString().slice(0, 10);
  if (date.value > limit)
    return fail(`Das Eintrittsdatum ${quote(value)} liegt mehr als ein Jahr in der Zukunft.`);
  if (date.value < '1900-01-01') return fail(`Das Eintrittsdatum ${quote(value)} liegt vor 1900.`);
  return date;
}

/** IBAN lengths of the SEPA countries (ISO 13616 registry). */
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AT: 20,
  BE: 16,
  BG: 22,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  GI: 23,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IS: 26,
  IT: 27,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  RO: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  VA: 22,
};

/** ISO 7064 mod 97-10 over the rearranged IBAN, digit by digit (no big integers needed). */
export function ibanChecksumValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

export function parseIban(value: string): Checked<string> {
  const iban = value.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) {
    return fail(`${quote(value)} ist keine IBAN (Ländercode, zwei Prüfziffern, Kontokennung).`);
  }
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) {
    return fail(
      `Die IBAN ${quote(value)} hat ${iban.length} Zeichen; eine IBAN aus ${iban.slice(0, 2)} hat ${expected}.`,
    );
  }
  if (!ibanChecksumValid(iban))
    return fail(`Die IBAN ${quote(value)} ist ungültig: Die Prüfziffern stimmen nicht.`);
  return ok(iban);
}

export function parseBic(value: string): Checked<string> {
  const bic = value.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/.test(bic)) return fail(`${quote(value)} ist keine BIC.`);
  return ok(bic);
}

export type Gender = 'female' | 'male' | 'diverse' | 'unspecified';

const GENDER_WORDS: Record<string, Gender> = {
  w: 'female',
  weiblich: 'female',
  f: 'female',
  female: 'female',
  frau: 'female',
  woman: 'female',
  m: 'male',
  mannlich: 'male',
  maennlich: 'male',
  male: 'male',
  herr: 'male',
  herrn: 'male',
  man: 'male',
  d: 'diverse',
  divers: 'diverse',
  diverse: 'diverse',
  x: 'diverse',
  o: 'diverse',
  other: 'diverse',
  nonbinary: 'diverse',
  u: 'unspecified',
  ka: 'unspecified',
  keineangabe: 'unspecified',
  unbekannt: 'unspecified',
  unknown: 'unspecified',
};

export function parseGender(value: string): Checked<Gender> {
  const key = value
    .toLowerCase()
    .replace(/ä/g, 'a')
    .replace(/[^a-z]/g, '');
  const gender = GENDER_WORDS[key];
  return gender ? ok(gender) : fail(`Geschlecht ${quote(value)} nicht erkannt (erlaubt: w, m, d oder leer).`);
}

/** Frau → female, Herr/Herrn → male; anything else says nothing about gender. */
export function genderFromSalutation(salutation: string | null): Gender | null {
  if (!salutation) return null;
  const s = salutation.trim().toLowerCase();
  if (s === 'frau' || s === 'ms' || s === 'mrs' || s === 'ms.' || s === 'mrs.') return 'female';
  if (s === 'herr' || s === 'herrn' || s === 'mr' || s === 'mr.') return 'male';
  return null;
}

export function normaliseSalutation(value: string): string {
  return value.trim().toLowerCase() === 'herrn' ? 'Herr' : value.trim();
}

const STATUS_WORDS: Record<string, 'member' | 'applicant'> = {
  mitglied: 'member',
  aktiv: 'member',
  aktives: 'member',
  member: 'member',
  active: 'member',
  current: 'member',
  new: 'member',
  neu: 'member',
  grace: 'member',
  antrag: 'applicant',
  aufnahmeantrag: 'applicant',
  bewerber: 'applicant',
  bewerberin: 'applicant',
  applicant: 'applicant',
  pending: 'applicant',
  interessent: 'applicant',
};

export function parseStatus(value: string): Checked<'member' | 'applicant'> {
  const status = STATUS_WORDS[value.toLowerCase().replace(/[^a-zäöüß]/g, '')];
  return status
    ? ok(status)
    : fail(`Status ${quote(value)} kann nicht importiert werden (nur „Mitglied“ oder „Antrag“).`);
}

const COUNTRY_NAMES: Record<string, string> = {
  d: 'DE',
  deutschland: 'DE',
  germany: 'DE',
  brd: 'DE',
  bundesrepublikdeutschland: 'DE',
  osterreich: 'AT',
  oesterreich: 'AT',
  austria: 'AT',
  a: 'AT',
  schweiz: 'CH',
  switzerland: 'CH',
  ch: 'CH',
  frankreich: 'FR',
  france: 'FR',
  niederlande: 'NL',
  netherlands: 'NL',
  belgien: 'BE',
  belgium: 'BE',
  luxemburg: 'LU',
  luxembourg: 'LU',
  danemark: 'DK',
  daenemark: 'DK',
  denmark: 'DK',
  polen: 'PL',
  poland: 'PL',
  tschechien: 'CZ',
  italien: 'IT',
  italy: 'IT',
  spanien: 'ES',
  spain: 'ES',
};

export function parseCountry(value: string): Checked<string> {
  const v = value.trim();
  if (/^[A-Za-z]{2}$/.test(v)) return ok(v.toUpperCase());
  const code =
    COUNTRY_NAMES[
      v
        .toLowerCase()
        .replace(/ä/g, 'a')
        .replace(/ö/g, 'o')
        .replace(/[^a-z]/g, '')
    ];
  return code ? ok(code) : fail(`Land ${quote(v)} nicht erkannt (bitte als Ländercode angeben, z. B. DE).`);
}

/** Excel drops the leading zero of German postcodes stored as numbers (01067 → 1067). */
export function restorePostcode(value: string, country: string): string {
  return country === 'DE' && /^\d{4}$/.test(value) ? `0${value}` : value;
}

/** "Am Teich 1" → street "Am Teich", house number "1"; "Hauptstr. 12a-14" → "Hauptstr.", "12a-14". */
export function splitStreet(value: string): { street: string; houseNumber: string | null } {
  const match = /^(.*?[^\d\s,])[\s,]+(\d+\s*[a-zA-Z]?(?:\s*[-/]\s*\d+\s*[a-zA-Z]?)?)$/.exec(value.trim());
  if (!match) return { street: value.trim(), houseNumber: null };
  return { street: match[1]!.trim(), houseNumber: match[2]!.replace(/\s+/g, '') };
}
