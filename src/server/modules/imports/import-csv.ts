import type { CsvDelimiter } from '@/contracts/imports';

/** One record of a CSV file: the physical line it starts on (1-based) and its fields. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

const CANDIDATES: readonly CsvDelimiter[] = [';', ',', '\t'];

/**
 * Picks the delimiter that splits the first records into the same number of fields most
 * consistently (quotes respected, so a comma inside "Müller, Hans" does not count). Ties go to
 * `;`, the German Excel default.
 */
export function detectDelimiter(sample: string): CsvDelimiter {
  let best: { delimiter: CsvDelimiter; score: number } = { delimiter: ';', score: -1 };
  for (const delimiter of CANDIDATES) {
    const counts = recordFieldCounts(sample, delimiter, 20);
    if (counts.length === 0) continue;
    const header = counts[0]!;
    if (header < 2) continue;
    const same = counts.filter((c) => c === header).length;
    // Consistency first (share of records with the header's field count), then more fields.
    const score = (same / counts.length) * 1000 + Math.min(header, 999) / 1000;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

function recordFieldCounts(sample: string, delimiter: string, max: number): number[] {
  const counts: number[] = [];
  let fields = 1;
  let inQuotes = false;
  let empty = true;
  for (let i = 0; i < sample.length && counts.length < max; i++) {
    const c = sample[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (sample[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === '"') inQuotes = true;
    else if (c === delimiter) fields++;
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && sample[i + 1] === '\n') i++;
      if (!empty || fields > 1) counts.push(fields);
      fields = 1;
      empty = true;
      continue;
    }
    empty = false;
  }
  return counts;
}

/**
 * Streaming RFC 4180 parser: quoted fields may hold delimiters, doubled quotes and line breaks;
 * CRLF, LF and CR line ends; blank lines are skipped. Excel's way of keeping text as text,
 * `="+49 30"`, yields the quoted text (+49 30).
 */
export async function* parseCsv(
  chunks: AsyncIterable<string> | Iterable<string>,
  delimiter: CsvDelimiter,
): AsyncGenerator<CsvRecord> {
  let fields: string[] = [];
  let field = '';
  // 0 = at field start, 1 = unquoted, 2 = quoted, 3 = quote seen inside quoted (end or escape)
  let state = 0;
  let line = 1;
  let recordLine = 1;
  let pendingCr = false;
  let recordHasContent = false;
  const delimiterCode = delimiter.charCodeAt(0);

  const endField = () => {
    fields.push(field);
    field = '';
    state = 0;
  };

  for await (const chunk of chunks) {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (pendingCr) {
        pendingCr = false;
        if (c === 10) {
          i++;
          continue;
        }
      }
      if (state === 2) {
        // Fast path: copy up to the next quote.
        const q = chunk.indexOf('"', i);
        const end = q === -1 ? n : q;
        const piece = chunk.slice(i, end);
        field += piece;
        for (let k = 0; k < piece.length; k++) {
          const pc = piece.charCodeAt(k);
          if (pc === 10) line++;
          else if (pc === 13 && piece.charCodeAt(k + 1) !== 10) line++;
        }
        if (q === -1) {
          i = n;
          continue;
        }
        state = 3;
        i = q + 1;
        continue;
      }
      if (state === 3) {
        if (c === 34) {
          field += '"';
          state = 2;
          i++;
          continue;
        }
        state = 1; // closing quote seen; anything up to the delimiter is appended as is
      }
      if (c === 34 && state === 0) {
        state = 2;
        recordHasContent = true;
        i++;
        continue;
      }
      if (c === 61 /* = */ && state === 0 && chunk.charCodeAt(i + 1) === 34) {
        // ="..." : Excel's text formula; the value is the quoted text.
        state = 2;
        recordHasContent = true;
        i += 2;
        continue;
      }
      if (c === delimiterCode) {
        endField();
        recordHasContent = true;
        i++;
        continue;
      }
      if (c === 10 || c === 13) {
        if (recordHasContent || field.length > 0) {
          endField();
          yield { line: recordLine, fields };
        }
        fields = [];
        field = '';
        state = 0;
        recordHasContent = false;
        line++;
        recordLine = line;
        if (c === 13) pendingCr = true;
        i++;
        continue;
      }
      // Unquoted text: copy up to the next delimiter or line end.
      let j = i + 1;
      while (j < n) {
        const d = chunk.charCodeAt(j);
        if (d === delimiterCode || d === 10 || d === 13) break;
        j++;
      }
      field += chunk.slice(i, j);
      state = 1;
      recordHasContent = true;
      i = j;
    }
  }
  if (recordHasContent || field.length > 0) {
    endField();
    yield { line: recordLine, fields };
  }
}
