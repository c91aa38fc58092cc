/**
 * Cell formatting shared by every file the server writes for spreadsheets (member exports,
 * import reports, delegate tables): CSV as German Excel opens it, and formula neutralisation.
 */

/** UTF-8 byte order mark: without it German Excel reads UTF-8 CSV as Windows-1252. */
export const UTF8_BOM = '\uFEFF';

/**
 * A cell that begins with =, +, -, @, tab or carriage return is a formula to a spreadsheet
 * (OWASP "CSV injection"); prefixing an apostrophe makes it text. The import strips the apostrophe
 * again, so a file exported here and imported back loses nothing.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One CSV field: neutralised, and quoted when it holds the delimiter, a quote or a line break. */
export function csvField(value: string | number | null | undefined, delimiter = ';'): string {
  if (value === null || value === undefined) return '';
  const text = neutraliseCell(String(value));
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line with CRLF (what Excel writes and expects). */
export function csvLine(values: readonly (string | number | null | undefined)[], delimiter = ';'): string {
  return values.map((v) => csvField(v, delimiter)).join(delimiter) + '\r\n';
}
