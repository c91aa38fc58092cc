import { describe, expect, it } from 'vitest';
import { errorCodes } from '@/contracts/errors';
import { createFormatters } from '@/web/components/i18n/format';
import {
  catalogs,
  createTranslator,
  errorMessageKey,
  formatMessage,
  languages,
  lookup,
} from '@/web/components/i18n/translate';

function leafKeys(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) =>
    leafKeys(value, prefix ? `${prefix}.${key}` : key),
  );
}

/** The variable names a message uses: `{name}` and `{name, plural, …}` at the top level only, so
 * words inside plural branches (`=0 {heute}`) are not taken for variables. */
function placeholders(text: string): string[] {
  const names: string[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') {
      if (depth === 0) {
        const name = /^\{(\w+)\s*[,}]/.exec(text.slice(i))?.[1];
        if (name) names.push(name);
      }
      depth++;
    } else if (text[i] === '}') {
      depth--;
    }
  }
  return names.sort();
}

describe('translations', () => {
  const german = leafKeys(catalogs.de).sort();

  it.each(languages)('%s has exactly the keys of de.json, each a non-empty text', (language) => {
    const keys = leafKeys(catalogs[language]).sort();
    expect(keys).toEqual(german);
    for (const key of keys) expect(lookup(catalogs[language], key)?.trim(), key).toBeTruthy();
  });

  it.each(languages)('%s uses the same placeholders as German', (language) => {
    for (const key of german) {
      expect(placeholders(lookup(catalogs[language], key)!), key).toEqual(
        placeholders(lookup(catalogs.de, key)!),
      );
    }
  });

  it.each(languages)('%s explains every API error code', (language) => {
    const missing = errorCodes.filter((code) => !lookup(catalogs[language], errorMessageKey(code)));
    expect(missing).toEqual([]);
  });

  it('does not reuse the English text in German or the other way round', () => {
    const t = { de: createTranslator('de'), en: createTranslator('en') };
    const same = errorCodes.filter((code) => t.de(errorMessageKey(code)) === t.en(errorMessageKey(code)));
    expect(same).toEqual([]);
  });
});

describe('formatMessage', () => {
  it('fills placeholders and formats numbers for the locale', () => {
    expect(formatMessage('{n} Mitglieder in {unit}', { n: 12345, unit: 'Fulda' }, 'de-DE')).toBe(
      '12.345 Mitglieder in Fulda',
    );
    expect(formatMessage('{n} members', { n: 12345 }, 'en-GB')).toBe('12,345 members');
  });

  it('leaves an unknown placeholder visible rather than dropping text', () => {
    expect(formatMessage('Hallo {name}', {}, 'de-DE')).toBe('Hallo {name}');
  });

  it('chooses the plural form, with nested placeholders', () => {
    const template = '{count, plural, =0 {keine} one {# von {total} passt} other {# von {total} passen}}';
    expect(formatMessage(template, { count: 0, total: 26 }, 'de-DE')).toBe('keine');
    expect(formatMessage(template, { count: 1, total: 26 }, 'de-DE')).toBe('1 von 26 passt');
    expect(formatMessage(template, { count: 2000, total: 2600 }, 'de-DE')).toBe('2.000 von 2.600 passen');
  });

  it('translates real keys in both languages', () => {
    expect(createTranslator('de')('units.resultCount', { count: 26 })).toBe('26 Kreisverbände');
    expect(createTranslator('de')('units.resultCount', { count: 1 })).toBe('1 Kreisverband');
    expect(createTranslator('en')('units.resultCount', { count: 1 })).toBe('1 district association');
  });
});

describe('formatters', () => {
  const moment = new Date(Date.UTC(2025, 10, 29, 9, 5));

  it('writes German dates, numbers and money', () => {
    const de = createFormatters('de-DE');
    expect(de.number(1234567.5)).toBe('1.234.567,5');
    expect(de.money(123456)).toBe('1.234,56\u00a0€');
    expect(de.date(moment)).toBe('29.11.2025');
  });

  it('writes British English dates, numbers and money', () => {
    const en = createFormatters('en-GB');
    expect(en.number(1234567.5)).toBe('1,234,567.5');
    expect(en.money(123456)).toBe('€1,234.56');
    expect(en.date(moment)).toBe('29/11/2025');
  });
});
