const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Counts the data rows of a CSV file (without the header) while it is read in pieces, before it is
 * uploaded. Quotes and line breaks are the same bytes in UTF-8, Windows-1252 and ISO-8859-1, so
 * the bytes suffice; a line break inside quotes belongs to its field, and empty lines do not count.
 */
export function createCsvRowCounter() {
  let quoted = false;
  let records = 0;
  let lineHasContent = false;
  return {
    add(bytes: Uint8Array) {
      for (const byte of bytes) {
        if (byte === QUOTE) {
          quoted = !quoted;
          lineHasContent = true;
        } else if (byte === LF && !quoted) {
          if (lineHasContent) records++;
          lineHasContent = false;
        } else if (byte !== CR) lineHasContent = true;
      }
    },
    /** Data rows: every record but the header. */
    rows(): number {
      return Math.max(0, records + (lineHasContent ? 1 : 0) - 1);
    },
  };
}

/** The data rows of a CSV file chosen in the browser, read as a stream (large files stay out of memory). */
export async function countCsvRows(file: Blob): Promise<number> {
  const counter = createCsvRowCounter();
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    counter.add(value);
  }
  return counter.rows();
}
