/**
 * Small hand-drawn SVG charts. Colours, fonts and sizes are attributes (not CSS) so that the same
 * SVG can be drawn onto a canvas for the PNG download. Each chart is one `role="img"` with a
 * summary as its name; the numbers are in the card's CSV and in the tables of the page.
 */
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
export const chartColours = {
  primary: '#1f4e8c',
  secondary: '#c2410c',
  female: '#7e3a8f',
  male: '#1f6f8b',
  diverse: '#5b7c2a',
  unspecified: '#6b7280',
  grid: '#d1d5db',
  text: '#1f2937',
};

export interface Bar {
  label: string;
  value: number;
  colour?: string;
}

/** Horizontal bars with their values at the end. */
export function HorizontalBars({
  bars,
  label,
  format,
  width = 560,
}: {
  bars: Bar[];
  label: string;
  format: (n: number) => string;
  width?: number;
}) {
  const rowHeight = 28;
  const labelWidth = 170;
  const valueWidth = 70;
  const height = bars.length * rowHeight + 8;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const scale = (width - labelWidth - valueWidth) / max;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={{ maxWidth: width }}
      role="img"
      aria-label={label}
      fontFamily={FONT}
    >
      {bars.map((bar, i) => {
        const y = 4 + i * rowHeight;
        return (
          <g key={bar.label}>
            <text x={labelWidth - 8} y={y + 18} textAnchor="end" fontSize={13} fill={chartColours.text}>
              {bar.label}
            </text>
            <rect
              x={labelWidth}
              y={y + 4}
              width={Math.max(bar.value > 0 ? 2 : 0, bar.value * scale)}
              height={rowHeight - 8}
              fill={bar.colour ?? chartColours.primary}
              rx={2}
            />
            <text x={labelWidth + bar.value * scale + 6} y={y + 18} fontSize={13} fill={chartColours.text}>
              {format(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Two series per month as grouped columns (joins and leaves), with a legend. */
export function MonthlyColumns({
  months,
  series,
  label,
  monthLabel,
  format,
  width = 720,
}: {
  months: string[];
  series: { name: string; colour: string; values: number[] }[];
  label: string;
  monthLabel: (month: string) => string;
  format: (n: number) => string;
  width?: number;
}) {
  const height = 240;
  const left = 44;
  const bottom = 44;
  const top = 28;
  const plotWidth = width - left - 8;
  const plotHeight = height - top - bottom;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const ticks = niceTicks(max);
  const top_ = ticks[ticks.length - 1]!;
  const slot = plotWidth / Math.max(1, months.length);
  const barWidth = Math.max(2, (slot - 4) / series.length);
  const y = (v: number) => top + plotHeight - (v / top_) * plotHeight;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={{ maxWidth: width }}
      role="img"
      aria-label={label}
      fontFamily={FONT}
    >
      {series.map((s, i) => (
        <g key={s.name}>
          <rect x={left + i * 130} y={6} width={12} height={12} fill={s.colour} />
          <text x={left + i * 130 + 18} y={16} fontSize={12} fill={chartColours.text}>
            {s.name}
          </text>
        </g>
      ))}
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={left} x2={width - 8} y1={y(tick)} y2={y(tick)} stroke={chartColours.grid} />
          <text x={left - 6} y={y(tick) + 4} textAnchor="end" fontSize={11} fill={chartColours.text}>
            {format(tick)}
          </text>
        </g>
      ))}
      {months.map((month, m) => (
        <g key={month}>
          {series.map((s, i) => {
            const v = s.values[m] ?? 0;
            return (
              <rect
                key={s.name}
                x={left + m * slot + 2 + i * barWidth}
                y={y(v)}
                width={barWidth - 1}
                height={top + plotHeight - y(v)}
                fill={s.colour}
              />
            );
          })}
          {m % 3 === 0 && (
            <text
              x={left + m * slot + slot / 2}
              y={height - bottom + 16}
              textAnchor="middle"
              fontSize={11}
              fill={chartColours.text}
            >
              {monthLabel(month)}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}

/** An age pyramid: women to the left, men to the right, the age bands from young (bottom) to old. */
export function AgePyramid({
  bands,
  label,
  leftName,
  rightName,
  format,
  width = 560,
}: {
  bands: { label: string; left: number; right: number }[];
  label: string;
  leftName: string;
  rightName: string;
  format: (n: number) => string;
  width?: number;
}) {
  const rowHeight = 24;
  const top = 28;
  const centre = width / 2;
  const labelHalf = 40;
  const half = centre - labelHalf - 44;
  const height = top + bands.length * rowHeight + 6;
  const max = Math.max(1, ...bands.flatMap((b) => [b.left, b.right]));
  const scale = half / max;
  const rows = [...bands].reverse();
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={{ maxWidth: width }}
      role="img"
      aria-label={label}
      fontFamily={FONT}
    >
      <text x={centre - labelHalf} y={16} textAnchor="end" fontSize={12} fill={chartColours.female}>
        {leftName}
      </text>
      <text x={centre + labelHalf} y={16} fontSize={12} fill={chartColours.male}>
        {rightName}
      </text>
      {rows.map((band, i) => {
        const y = top + i * rowHeight;
        const lw = band.left * scale;
        const rw = band.right * scale;
        return (
          <g key={band.label}>
            <rect
              x={centre - labelHalf - lw}
              y={y + 3}
              width={lw}
              height={rowHeight - 6}
              fill={chartColours.female}
            />
            <text
              x={centre - labelHalf - lw - 4}
              y={y + 16}
              textAnchor="end"
              fontSize={11}
              fill={chartColours.text}
            >
              {format(band.left)}
            </text>
            <text x={centre} y={y + 16} textAnchor="middle" fontSize={12} fill={chartColours.text}>
              {band.label}
            </text>
            <rect
              x={centre + labelHalf}
              y={y + 3}
              width={rw}
              height={rowHeight - 6}
              fill={chartColours.male}
            />
            <text x={centre + labelHalf + rw + 4} y={y + 16} fontSize={11} fill={chartColours.text}>
              {format(band.right)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** One bar split into shares (e.g. women, men, diverse, not stated), with a legend below. */
export function ShareBar({
  parts,
  label,
  format,
  width = 560,
}: {
  parts: Bar[];
  label: string;
  format: (part: Bar, share: number) => string;
  width?: number;
}) {
  const total = parts.reduce((a, p) => a + p.value, 0);
  const barHeight = 36;
  const legendRow = 22;
  const height = barHeight + 16 + parts.length * legendRow;
  const widths = parts.map((part) => (total > 0 ? (part.value / total) * width : 0));
  const starts = widths.map((_, i) => widths.slice(0, i).reduce((a, w) => a + w, 0));
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={{ maxWidth: width }}
      role="img"
      aria-label={label}
      fontFamily={FONT}
    >
      {total === 0 && <rect x={0} y={0} width={width} height={barHeight} fill={chartColours.grid} />}
      {parts.map((part, i) => (
        <rect key={part.label} x={starts[i]} y={0} width={widths[i]} height={barHeight} fill={part.colour} />
      ))}
      {parts.map((part, i) => (
        <g key={`legend-${part.label}`}>
          <rect x={0} y={barHeight + 12 + i * legendRow} width={12} height={12} fill={part.colour} />
          <text x={18} y={barHeight + 22 + i * legendRow} fontSize={13} fill={chartColours.text}>
            {format(part, total > 0 ? part.value / total : 0)}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** 0 and three or four round steps up to at least max. */
export function niceTicks(max: number): number[] {
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? power * 10;
  const ticks = [0];
  while (ticks[ticks.length - 1]! < max) ticks.push(ticks[ticks.length - 1]! + step);
  return ticks;
}
