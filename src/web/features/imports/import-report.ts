import { splitCsv } from '@/contracts/csv-text';

/** One line of an import's report: which row and column, the value found, and what is wrong with it. */
export interface ReportLine {
  line: number;
  column: string | null;
  value: string | null;
  message: string;
}

/** The server writes `'=…` for cells a spreadsheet would run as a formula; the page shows the value itself. */
const shown = (cell: string | undefined): string | null => {
  if (cell === undefined || cell === '') return null;
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
};

/** Reads the report CSV (UTF-8 with BOM, header Zeile;Spalte;Wert;Meldung) into lines. */
export function parseImportReport(text: string): ReportLine[] {
  // Semicolon CSV as the server writes it.
  const rows = splitCsv(text.replace(/^\uFEFF/, ''), ';');
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
