/** CSV for German spreadsheets: UTF-8 with BOM, `;` between fields, quotes where needed. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  const cell = (value: string | number | null) => {
    if (value === null) return '';
    const text = String(value);
    // A cell that a spreadsheet would read as a formula is prefixed with an apostrophe.
    const safe = /^[=+\-@\t\r]/.test(text) && typeof value !== 'number' ? `'${text}` : text;
    return /[";\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(';')).join('\r\n')}\r\n`;
}

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadCsv(filename: string, csv: string): void {
  downloadBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), filename);
}

/** Height (in chart units, before scaling) of the line below the picture that carries a footnote. */
export const PNG_FOOTNOTE_HEIGHT = 24;

/**
 * Draws an SVG element onto a canvas at twice its size on a white ground and saves it as PNG.
 * The charts carry their colours and fonts as attributes, so the picture needs no style sheet.
 * A footnote (the map's BKG attribution, which must travel with every copy of the map) is
 * written on a line of its own below the chart.
 */
export async function downloadSvgAsPng(
  svg: SVGSVGElement,
  filename: string,
  footnote?: string,
): Promise<void> {
  const box = svg.viewBox.baseVal;
  const width = box && box.width > 0 ? box.width : svg.clientWidth;
  const height = box && box.height > 0 ? box.height : svg.clientHeight;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  const source = new XMLSerializer().serializeToString(copy);
  const url = URL.createObjectURL(new Blob([source], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('The chart could not be drawn as a picture.'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    const scale = 2;
    const footer = footnote ? PNG_FOOTNOTE_HEIGHT : 0;
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round((height + footer) * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw pictures.');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, Math.round(width * scale), Math.round(height * scale));
    if (footnote) {
      context.fillStyle = '#4b5563';
      context.font = `${12 * scale}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
      context.textBaseline = 'middle';
      context.fillText(footnote, 4 * scale, (height + footer / 2) * scale, (width - 8) * scale);
    }
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('The picture could not be created.');
    downloadBlob(blob, filename);
  } finally {
    URL.revokeObjectURL(url);
  }
}
