import { queryOptions, useQuery } from '@tanstack/react-query';

/** One Kreis of the map file (BKG VG5000, WGS84 longitude/latitude). */
export interface DistrictFeature {
  properties: { AGS: string; GEN: string; BEZ: string };
  geometry:
    { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

const districtShapesQueryOptions = queryOptions({
  queryKey: ['statistics', 'map', 'hessen-kreise'],
  queryFn: async ({ signal }): Promise<DistrictFeature[]> => {
    // A static file of the web app (public/maps), not an API call.
    const response = await fetch('/maps/hessen-kreise.geojson', { signal });
    if (!response.ok) throw new Error(`map file: HTTP ${response.status}`);
    const collection = (await response.json()) as { features: DistrictFeature[] };
    return collection.features;
  },
  staleTime: Infinity,
});

/** `GET /maps/hessen-kreise.geojson`: the outlines of Hessen's Kreise for the district map. */
export function useDistrictShapes() {
  return useQuery(districtShapesQueryOptions);
}
