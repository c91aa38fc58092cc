import { describe, expect, it } from 'vitest';
import { splitCsv } from '@/contracts/csv-text';

describe('splitCsv', () => {
  it('reads quoted fields, doubled quotes and line breaks inside quotes, with CRLF or LF', () => {
    expect(splitCsv('a,"b ""c""",d\r\n"x\ny",,z\n')).toEqual([
      ['a', 'b "c"', 'd'],
      ['x\ny', '', 'z'],
    ]);
  });

  it('takes another delimiter and keeps a last line without a line break', () => {
    expect(splitCsv('Zeile;Spalte\n4;"Geburtsdatum; Tag"', ';')).toEqual([
      ['Zeile', 'Spalte'],
      ['4', 'Geburtsdatum; Tag'],
    ]);
  });
});
