import { describe, expect, it } from 'vitest';
import { classBreaks, classOf, projectShapes } from '@/web/components/district-map/map-projection';
import { toCsv } from '@/web/features/statistics/chart-export';

const square = (ags: string, lon: number, lat: number) => ({
  properties: { AGS: ags, GEN: ags, BEZ: 'Landkreis' },
  geometry: {
    type: 'Polygon' as const,
    coordinates: [
      [
        [lon, lat],
        [lon + 1, lat],
        [lon + 1, lat + 1],
        [lon, lat + 1],
        [lon, lat],
      ],
    ],
  },
});

describe('projectShapes', () => {
  it('puts north at the top and scales the longitude by the cosine of the latitude', () => {
    const { shapes, width, height } = projectShapes([square('a', 8, 50), square('b', 9, 50)], 200);
    expect(width).toBe(200);
    // 2° of longitude at 50.5° N are 2·cos(50.5°) ≈ 1.27 "degrees of latitude" wide.
    const scale = 200 / (2 * Math.cos((50.5 * Math.PI) / 180));
    expect(height).toBe(Math.round(scale));
    // The south-west corner (8° E, 50° N) is at the left edge, at the bottom.
    expect(shapes[0]!.d.startsWith(`M0.0,${scale.toFixed(1)}L`)).toBe(true);
    expect(shapes[1]!.d).toContain('L200.0,0.0');
  });
});

describe('classBreaks and classOf', () => {
  it('splits 0..max into classes of equal width and finds the class of a count', () => {
    expect(classBreaks(100, 5)).toEqual([20, 40, 60, 80, 100]);
    expect(classBreaks(3, 5)).toEqual([1, 2, 3]);
    expect(classBreaks(0, 5)).toEqual([0]);
    expect(classOf(0, [20, 40])).toBe(0);
    expect(classOf(21, [20, 40])).toBe(1);
    expect(classOf(99, [20, 40])).toBe(1);
  });
});

describe('toCsv', () => {
  it('writes a BOM, semicolons, quotes and neutralises formulas', () => {
    expect(
      toCsv(
        ['Kreis', 'Anzahl'],
        [
          ['Fulda; Stadt', 3],
          ['=SUM(A1)', -2],
        ],
      ),
    ).toBe('\uFEFFKreis;Anzahl\r\n"Fulda; Stadt";3\r\n\'=SUM(A1);-2\r\n');
  });
});
