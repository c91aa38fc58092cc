import { Anchor, Group, Skeleton, Stack, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useFormat, useT } from '@/web/components/i18n/i18n';
import { useDistrictShapes } from '@/web/components/district-map/get-district-shapes';
import { classBreaks, classOf, projectShapes } from '@/web/components/district-map/map-projection';

const WIDTH = 480;
/** Five steps of the app's blue, light to dark; the darker three carry white-on-colour contrast. */
const classColours = ['#dbe7f5', '#a9c4e6', '#6f9bd1', '#3b6fb0', '#1f4e8c'];
const outside = '#eceef1';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
/** The source note the BKG's licence (dl-de/by-2-0) requires beside every use of the outlines. */
export const BKG_ATTRIBUTION = '© GeoBasis-DE / BKG 2021 (Daten verändert)';

/** One Kreis on the map: its AGS (5 digits), its name and the number the colour stands for. */
export interface MapDistrict {
  ags: string | null;
  name: string;
  count: number;
}

/**
 * Hessen's Kreise coloured by a count (a choropleth): members on the statistics page, seats on
 * the delegate key page. Every Kreis with a figure is focusable with "name: count" as its
 * accessible name; the others stay grey and silent. The table beside it is the text alternative.
 */
export function DistrictMap({
  districts,
  label,
  areaLabel,
  legendLabel,
}: {
  districts: readonly MapDistrict[];
  label: string;
  /** The accessible name of one Kreis; default "Fulda: 123 Mitglieder". */
  areaLabel?: (district: MapDistrict) => string;
  /** The name of the legend; default "Legende: Mitglieder je Kreis". */
  legendLabel?: string;
}) {
  const t = useT();
  const format = useFormat();
  const shapesQuery = useDistrictShapes();
  const [active, setActive] = useState<string | null>(null);
  const projected = useMemo(
    () => (shapesQuery.data ? projectShapes(shapesQuery.data, WIDTH) : null),
    [shapesQuery.data],
  );
  const byAgs = useMemo(() => new Map(districts.map((d) => [d.ags ?? '', d])), [districts]);
  const max = Math.max(0, ...districts.map((d) => d.count));
  const breaks = classBreaks(max, classColours.length);

  if (shapesQuery.isError)
    return (
      <Text c="dimmed" role="status">
        {t('statistics.map.loadError')}
      </Text>
    );
  if (!projected) return <Skeleton height={360} aria-label={t('statistics.loading')} />;

  const nameOf = (d: MapDistrict) =>
    areaLabel ? areaLabel(d) : t('statistics.map.areaLabel', { name: d.name, count: format.number(d.count) });
  const activeDistrict = active ? byAgs.get(active) : undefined;
  const legend = breaks.map((upper, i) => {
    const lower = i === 0 ? 0 : breaks[i - 1]! + 1;
    return { colour: classColours[i + classColours.length - breaks.length]!, lower, upper };
  });

  return (
    <Stack gap="xs">
      <svg
        viewBox={`0 0 ${projected.width} ${projected.height}`}
        width="100%"
        style={{ maxHeight: 520 }}
        role="group"
        aria-label={label}
        fontFamily={FONT}
      >
        {projected.shapes.map((shape) => {
          const district = byAgs.get(shape.ags);
          if (!district)
            return (
              <path
                key={shape.ags}
                d={shape.d}
                fill={outside}
                stroke="#ffffff"
                strokeWidth={1}
                aria-hidden="true"
              />
            );
          const colour = classColours[classOf(district.count, breaks) + classColours.length - breaks.length]!;
          const isActive = active === shape.ags;
          return (
            <path
              key={shape.ags}
              d={shape.d}
              fill={colour}
              stroke={isActive ? '#111827' : '#ffffff'}
              strokeWidth={isActive ? 2.5 : 1}
              role="img"
              tabIndex={0}
              aria-label={nameOf(district)}
              onFocus={() => setActive(shape.ags)}
              onBlur={() => setActive((a) => (a === shape.ags ? null : a))}
              onMouseEnter={() => setActive(shape.ags)}
              onMouseLeave={() => setActive((a) => (a === shape.ags ? null : a))}
              style={{ outline: 'none', cursor: 'default' }}
            >
              <title>{nameOf(district)}</title>
            </path>
          );
        })}
        {activeDistrict && (
          <path
            d={projected.shapes.find((s) => s.ags === active)?.d}
            fill="none"
            stroke="#111827"
            strokeWidth={2.5}
            pointerEvents="none"
            aria-hidden="true"
          />
        )}
      </svg>
      <Text size="sm" fw={600} mih={22} aria-hidden="true">
        {activeDistrict ? nameOf(activeDistrict) : t('statistics.map.hint')}
      </Text>
      <Group gap="sm" aria-label={legendLabel ?? t('statistics.map.legend')} role="list">
        {legend.map((entry) => (
          <Group key={entry.upper} gap={6} wrap="nowrap" role="listitem">
            <svg width={14} height={14} aria-hidden="true">
              <rect width={14} height={14} fill={entry.colour} stroke="#9ca3af" />
            </svg>
            <Text size="xs">
              {entry.lower === entry.upper
                ? format.number(entry.upper)
                : t('statistics.map.legendRange', {
                    from: format.number(entry.lower),
                    to: format.number(entry.upper),
                  })}
            </Text>
          </Group>
        ))}
      </Group>
      <Text size="xs" c="dimmed">
        <Anchor
          href="https://www.bkg.bund.de"
          target="_blank"
          rel="noreferrer"
          size="xs"
          c="dimmed"
          underline="always"
        >
          {BKG_ATTRIBUTION}
        </Anchor>
      </Text>
    </Stack>
  );
}
