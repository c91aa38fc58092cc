import { readFileSync } from 'node:fs';
import { splitCsv } from '@/contracts/csv-text';
import { projectPath } from '@/server/platform/paths';

// The public data shipped in reference-data/ (each folder's SOURCES.md names source and licence):
// read at run time from the installation, never downloaded.

/** Parses RFC 4180 CSV (comma separator) into objects by its header row. */
export function parseCsv(text: string): Record<string, string>[] {
  const [header, ...body] = splitCsv(text).filter((r) => r.length > 1 || r[0] !== '');
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
