import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv, type CsvRecord } from '@/server/modules/imports/import-csv';
import { decodeBytes, detectEncoding } from '@/server/modules/imports/import-decode';

async function parseAll(text: string | string[], delimiter: ';' | ',' | '\t'): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of parseCsv(Array.isArray(text) ? text : [text], delimiter)) out.push(r);
  return out;
}

describe('detectDelimiter', () => {
  it('finds ; , and tab, ignoring delimiters inside quotes', () => {
    expect(detectDelimiter('Name;Vorname;Ort\nMüller;Hans;Fulda\n')).toBe(';');
    expect(detectDelimiter('Name,Vorname,Ort\n"Müller; Dr.",Hans,Fulda\n')).toBe(',');
    expect(detectDelimiter('Name\tVorname\tOrt\n"a,b";c;d\tx\ty\n')).toBe('\t');
    // One semicolon per line but commas inside a quoted field: still semicolon.
    expect(detectDelimiter('"Name";"Ort"\n"Müller, Hans";"Fulda, Osthessen"\n')).toBe(';');
  });
});

describe('parseCsv', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks, and counts lines', async () => {
    const text = 'a;b;c\r\n"x;1";"say ""hi""";"two\r\nlines"\r\n\r\nlast;;\r\n';
    expect(await parseAll(text, ';')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x;1', 'say "hi"', 'two\r\nlines'] },
      { line: 5, fields: ['last', '', ''] },
    ]);
  });

  it('gives the same records however the text is cut into chunks', async () => {
    const text = 'a,b\n"1\n2","3""4"\r\n5,6';
    const whole = await parseAll(text, ',');
    const pieces = await parseAll(text.split(''), ',');
    expect(pieces).toEqual(whole);
    expect(whole).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1\n2', '3"4'] },
      { line: 4, fields: ['5', '6'] },
    ]);
  });

  it('reads Excel text formulas as their text', async () => {
    expect(await parseAll('"a";="+49 30";"b"\n', ';')).toEqual([{ line: 1, fields: ['a', '+49 30', 'b'] }]);
  });
});

describe('detectEncoding', () => {
  const utf8 = Buffer.from('Müller;Straße\n', 'utf8');
  const latin1 = Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]); // Müller
  const cp1252 = Buffer.from([0x84, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x93, 0x20, 0x80]); // „Müller“ €

  it('tells UTF-8 (with and without BOM), Windows-1252 and ISO-8859-1 apart', () => {
    expect(detectEncoding(utf8)).toEqual({ encoding: 'utf-8', bom: false });
    expect(detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]))).toEqual({
      encoding: 'utf-8',
      bom: true,
    });
    expect(detectEncoding(latin1).encoding).toBe('iso-8859-1');
    expect(detectEncoding(cp1252).encoding).toBe('windows-1252');
    expect(detectEncoding(Buffer.from('plain ascii')).encoding).toBe('utf-8');
  });

  it('decodes each as the same text', () => {
    expect(decodeBytes(latin1, 'iso-8859-1')).toBe('Müller');
    expect(decodeBytes(cp1252, 'windows-1252')).toBe('„Müller“ €');
    expect(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]), 'utf-8')).toBe(
      'Müller;Straße\n',
    );
  });
});
