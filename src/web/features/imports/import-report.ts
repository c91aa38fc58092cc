/** One line of an import's report: which row and column, the value found, and what is wrong with it. */
export interface ReportLine {
  line: number;
  column: string | null;
  value: string | null;
  message: string;
}

/** Splits semicolon CSV as the server writes it (quotes doubled, line breaks inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') {
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
  return rows;
}

/** The server writes `'=…` for cells a spreadsheet would run as a formula; the page shows the value itself. */
const shown = (cell: string | undefined): string | null => {
  if (cell === undefined || cell === '') return null;
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
};

/** Reads the report CSV (UTF-8 with BOM, header Zeile;Spalte;Wert;Meldung) into lines. */
export function parseImportReport(text: string): ReportLine[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  return rows
    .slice(1)
    .filter((cells) => cells.length >= 4 && /^\d+$/.test(cells[0]!))
    .map((cells) => ({
      line: Number(cells[0]),
      column: shown(cells[1]),
      value: shown(cells[2]),
      message: shown(cells[3]) ?? '',
    }));
}
