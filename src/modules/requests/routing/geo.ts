// GeoJSON areas: validation of (Multi)Polygons in WGS84, their bounding box for the SQL
// prefilter, and the exact point test (Turf).
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';

export type Area = Polygon | MultiPolygon;
export type Bbox = { min_lon: number; min_lat: number; max_lon: number; max_lat: number };

/** What is wrong with a geometry (German), or null when it is a usable WGS84 (Multi)Polygon. */
export function geometryProblem(g: unknown): string | null {
  if (!g || typeof g !== 'object') return 'Geometrie fehlt';
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon') return 'nur Polygon oder MultiPolygon';
  const polygons = (type === 'Polygon' ? [coordinates] : coordinates) as unknown;
  if (!Array.isArray(polygons) || !polygons.length) return 'keine Koordinaten';
  for (const rings of polygons) {
    if (!Array.isArray(rings) || !rings.length) return 'Polygon ohne Ring';
    for (const ring of rings) {
      if (!Array.isArray(ring) || ring.length < 4) return 'ein Ring braucht mindestens 4 Punkte';
      for (const p of ring) {
        if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') return 'Punkt ist kein [Länge, Breite]';
        if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) return `Punkt [${p[0]}, ${p[1]}] liegt außerhalb von WGS84`;
      }
      const [a, z] = [ring[0] as number[], ring.at(-1) as number[]];
      if (a[0] !== z[0] || a[1] !== z[1]) return 'ein Ring muss am Startpunkt enden';
    }
  }
  return null;
}

export function bboxOf(g: Area): Bbox {
  const b = { min_lon: Infinity, min_lat: Infinity, max_lon: -Infinity, max_lat: -Infinity };
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  for (const rings of polygons) for (const [lon, lat] of rings[0]!) {
    b.min_lon = Math.min(b.min_lon, lon!);
    b.max_lon = Math.max(b.max_lon, lon!);
    b.min_lat = Math.min(b.min_lat, lat!);
    b.max_lat = Math.max(b.max_lat, lat!);
  }
  return b;
}

export const contains = (g: Area, lat: number, lon: number) => booleanPointInPolygon([lon, lat], g);
