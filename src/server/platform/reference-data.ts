import { readFileSync } from 'node:fs';
import { projectPath } from '@/server/platform/paths';

// The public data shipped in reference-data/ (each folder's SOURCES.md names source and licence):
// read at run time from the installation, never downloaded.

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, comma separator) into objects by header. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** A CSV file below reference-data/, as objects by header; an empty file is an error. */
export function readReferenceCsv(...segments: string[]): Record<string, string>[] {
  const file = projectPath('reference-data', ...segments);
  const rows = parseCsv(readFileSync(file, 'utf8'));
  if (rows.length === 0) throw new Error(`reference data file is empty: ${file}`);
  return rows;
}

/** The value of a column that must not be empty. */
export function requireColumn(row: Record<string, string>, column: string): string {
  const value = row[column];
  if (value === undefined || value === '') throw new Error(`reference data: column ${column} is empty`);
  return value;
}
