import type { ErrorCode } from '@/contracts/errors';
import de from '@/web/components/i18n/de.json';
import en from '@/web/components/i18n/en.json';

export const languages = ['de', 'en'] as const;
export type Language = (typeof languages)[number];

/** German is the source of truth: its keys define what every other language must have. */
export type Messages = typeof de;

type Leaves<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${Leaves<T[K]>}`;
}[keyof T & string];

/** Every translatable key, e.g. `units.filterLabel`; a key missing from de.json fails to compile. */
export type MessageKey = Leaves<Messages>;

// Fails to compile when en.json lacks a key that de.json has.
const english: Messages = en;

export const catalogs: Record<Language, Messages> = { de, en: english };

/** The Intl locale for each UI language: German formats for German, British for English. */
export const locales: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };

export type MessageVars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** The message key that explains an API error code; a code without a translation fails to compile. */
export function errorMessageKey(code: ErrorCode): MessageKey {
  return `errors.${code}`;
}

export function lookup(messages: Messages, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export function createTranslator(language: Language): Translate {
  const messages = catalogs[language];
  const locale = locales[language];
  return (key, vars = {}) => {
    const template = lookup(messages, key) ?? lookup(catalogs.de, key) ?? key;
    return formatMessage(template, vars, locale);
  };
}

/**
 * Fills `{name}` placeholders (numbers through Intl) and the ICU plural form
 * `{count, plural, =0 {…} one {# item} other {# items}}`, which is all the UI needs.
 */
export function formatMessage(template: string, vars: MessageVars, locale: string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i]!;
    if (ch === '{') {
      const end = matchingBrace(template, i);
      if (end < 0) return out + template.slice(i);
      out += formatArgument(template.slice(i + 1, end), vars, locale);
      i = end + 1;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function formatValue(value: string | number, locale: string): string {
  return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
}

function formatArgument(inner: string, vars: MessageVars, locale: string): string {
  const plural = /^\s*(\w+)\s*,\s*plural\s*,([\s\S]*)$/.exec(inner);
  if (!plural) {
    const name = inner.trim();
    const value = vars[name];
    return value === undefined ? `{${name}}` : formatValue(value, locale);
  }
  const name = plural[1]!;
  const count = Number(vars[name] ?? 0);
  const options = parsePluralOptions(plural[2]!);
  const category = new Intl.PluralRules(locale).select(count);
  const chosen = options.get(`=${count}`) ?? options.get(category) ?? options.get('other') ?? '';
  return formatMessage(chosen.replace(/#/g, formatValue(count, locale)), vars, locale);
}

function parsePluralOptions(text: string): Map<string, string> {
  const options = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) break;
    const selector = text.slice(i, open).trim();
    const close = matchingBrace(text, open);
    if (close < 0) break;
    options.set(selector, text.slice(open + 1, close));
    i = close + 1;
  }
  return options;
}
