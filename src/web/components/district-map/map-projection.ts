/**
 * A plain equirectangular projection with the longitude scaled by cos(latitude) at the map's
 * centre: at Hessen's size (about 250 km) this is indistinguishable from a conformal projection
 * and needs no map library.
 */
export interface ProjectedShape {
  ags: string;
  name: string;
  kind: string;
  /** SVG path data in the map's viewBox. */
  d: string;
}

export interface ShapeInput {
  properties: { AGS: string; GEN: string; BEZ: string };
  geometry:
    { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

export function projectShapes(
  features: readonly ShapeInput[],
  width: number,
): { shapes: ProjectedShape[]; width: number; height: number } {
  const polygons = (f: ShapeInput) =>
    f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const f of features)
    for (const polygon of polygons(f))
      for (const ring of polygon)
        for (const [lon, lat] of ring) {
          minLon = Math.min(minLon, lon!);
          maxLon = Math.max(maxLon, lon!);
          minLat = Math.min(minLat, lat!);
          maxLat = Math.max(maxLat, lat!);
        }
  if (!Number.isFinite(minLon)) return { shapes: [], width, height: 0 };
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = width / ((maxLon - minLon) * kx);
  const height = Math.round((maxLat - minLat) * scale);
  const x = (lon: number) => ((lon - minLon) * kx * scale).toFixed(1);
  const y = (lat: number) => ((maxLat - lat) * scale).toFixed(1);
  const shapes = features.map((f) => ({
    ags: f.properties.AGS,
    name: f.properties.GEN,
    kind: f.properties.BEZ,
    d: polygons(f)
      .flatMap((polygon) =>
        polygon.map((ring) => `M${ring.map(([lon, lat]) => `${x(lon!)},${y(lat!)}`).join('L')}Z`),
      )
      .join(''),
  }));
  return { shapes, width, height };
}

/** Upper bounds of `classes` classes of equal width over 0..max, rounded to whole members. */
export function classBreaks(max: number, classes: number): number[] {
  if (max <= 0) return [0];
  const step = Math.max(1, Math.ceil(max / classes));
  return Array.from({ length: classes }, (_, i) => Math.min(max, step * (i + 1))).filter(
    (b, i, all) => i === 0 || b > all[i - 1]!,
  );
}

/** The class of a count: the index of the first upper bound it does not exceed. */
export function classOf(count: number, breaks: readonly number[]): number {
  const index = breaks.findIndex((b) => count <= b);
  return index === -1 ? breaks.length - 1 : index;
}
