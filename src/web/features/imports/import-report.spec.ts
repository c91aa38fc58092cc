import { describe, expect, it } from 'vitest';
import { createCsvRowCounter } from '@/web/features/imports/count-csv-rows';
import { parseImportReport } from '@/web/features/imports/import-report';
import { doubleColumns, fieldColumnsOf, mappingOf } from '@/web/features/imports/mapping-form';

describe('parseImportReport', () => {
  it('reads the server report with BOM, quotes, line breaks and neutralised cells', () => {
    const text =
      '\uFEFFZeile;Spalte;Wert;Meldung\r\n' +
      '3;E-Mail;bernd(at)example.org;Die E-Mail-Adresse ist ungültig.\r\n' +
      '5;Telefon;"\'=+49 30";"Die Nummer; so nicht"\r\n' +
      '7;;;"Doppelt: wiederholt Zeile 2\r\ndieser Datei."\r\n';
    expect(parseImportReport(text)).toEqual([
      {
        line: 3,
        column: 'E-Mail',
        value: 'bernd(at)example.org',
        message: 'Die E-Mail-Adresse ist ungültig.',
      },
      { line: 5, column: 'Telefon', value: '=+49 30', message: 'Die Nummer; so nicht' },
      { line: 7, column: null, value: null, message: 'Doppelt: wiederholt Zeile 2\r\ndieser Datei.' },
    ]);
  });

  it('reads a report without issues as no lines', () => {
    expect(parseImportReport('\uFEFFZeile;Spalte;Wert;Meldung\r\n')).toEqual([]);
  });
});

describe('createCsvRowCounter', () => {
  const count = (text: string, pieces = 1) => {
    const bytes = new TextEncoder().encode(text);
    const counter = createCsvRowCounter();
    const size = Math.ceil(bytes.length / pieces);
    for (let i = 0; i < bytes.length; i += size) counter.add(bytes.subarray(i, i + size));
    return counter.rows();
  };

  it('counts data rows, not the header, with or without a final line break', () => {
    expect(count('a;b\r\n1;2\r\n3;4\r\n')).toBe(2);
    expect(count('a;b\n1;2\n3;4')).toBe(2);
    expect(count('a;b\n')).toBe(0);
    expect(count('')).toBe(0);
  });

  it('keeps a line break inside quotes in its row and skips empty lines, across pieces', () => {
    const text = 'a,b\n1,"zwei\nZeilen"\n\n3,"x ""y"""\n';
    expect(count(text)).toBe(2);
    expect(count(text, 7)).toBe(2);
  });
});

describe('mapping form', () => {
  it('turns a suggested mapping into one column per field and back, keeping defaults', () => {
    const headers = ['Vorname', 'Name', 'PLZ', 'Notiz'];
    const form = fieldColumnsOf(
      { columns: { Vorname: 'firstName', Name: 'lastName', PLZ: 'postcode', Notiz: null, Fehlt: 'city' } },
      headers,
    );
    expect(form).toEqual({ firstName: 'Vorname', lastName: 'Name', postcode: 'PLZ' });
    expect(mappingOf(form, { status: 'member' })).toEqual({
      columns: { Vorname: 'firstName', Name: 'lastName', PLZ: 'postcode' },
      defaults: { status: 'member' },
    });
    expect(mappingOf({}, {})).toEqual({ columns: {} });
  });

  it('names a column chosen twice', () => {
    expect(doubleColumns({ firstName: 'Name', lastName: 'Name', city: 'Ort' })).toEqual(['Name']);
  });
});
