// A map of a datastore table whose columns carry coordinates (data dictionary `geo: lat/lon`):
// every row a point, on an offline style (a plain background; no tiles are fetched from
// anywhere, so it works in closed networks). MapLibre is loaded only when a map is shown.
import { useEffect, useRef, useState } from 'react';
import { api } from '../../../web/api.ts';
import { GraphicSection } from './GraphicSection.tsx';
import type { DsField } from './types.ts';
import 'maplibre-gl/dist/maplibre-gl.css';

const MAX_POINTS = 1000; // the rows API's page limit

type Geo = { type: 'FeatureCollection'; features: { geometry: { type: 'Point'; coordinates: [number, number] } | null }[] };

export function MapPanel({ resourceId, fields }: { resourceId: string; fields: DsField[] }) {
  const lat = fields.find((f) => f.info?.geo === 'lat');
  const lon = fields.find((f) => f.info?.geo === 'lon');
  const box = useRef<HTMLDivElement>(null);
  const [note, setNote] = useState('Karte wird erstellt …');
  useEffect(() => {
    if (!lat || !lon || !box.current) return;
    let map: { remove(): void } | undefined;
    let disposed = false;
    (async () => {
      const geo = await api<Geo>('GET', `/api/v1/resources/${resourceId}/rows.geojson?_size=${MAX_POINTS}`);
      // The worker is bundled by Vite as a module of its own; MapLibre is told where it is.
      const [{ Map: MapLibre, LngLatBounds, setWorkerUrl }, worker] = await Promise.all([
        import('maplibre-gl'), import('maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url'),
      ]);
      setWorkerUrl(worker.default);
      if (disposed || !box.current) return;
      const points = geo.features.filter((f) => f.geometry).map((f) => f.geometry!.coordinates);
      const m = new MapLibre({
        container: box.current,
        style: { version: 8, sources: {}, layers: [{ id: 'hintergrund', type: 'background', paint: { 'background-color': '#e8eef3' } }] },
        attributionControl: false,
      });
      map = m;
      m.on('load', () => {
        m.addSource('punkte', { type: 'geojson', data: geo as never });
        m.addLayer({ id: 'punkte', type: 'circle', source: 'punkte', paint: { 'circle-radius': 5, 'circle-color': '#0a5394', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 } });
        if (points.length) {
          const b = points.reduce((acc, p) => acc.extend(p), new LngLatBounds(points[0], points[0]));
          m.fitBounds(b, { padding: 40, maxZoom: 15, animate: false });
        }
      });
      // Once drawn, the map says how many points it shows (tests and assistive checks read it).
      m.on('idle', () => box.current?.setAttribute('data-points', String(m.queryRenderedFeatures({ layers: ['punkte'] }).length)));
      setNote(`${points.length.toLocaleString('de-DE')} Standorte nach ${lat.id}/${lon.id}, ohne Hintergrundkarte. Alle Werte stehen in der Tabelle.`);
    })().catch(() => setNote('Die Karte konnte nicht erstellt werden (der Browser unterstützt kein WebGL); die Koordinaten stehen in der Tabelle.'));
    return () => {
      disposed = true;
      map?.remove();
    };
  }, [resourceId, lat, lon]);
  if (!lat || !lon) return null;
  return <GraphicSection id="karte" title="Karte" canvasClass="map-canvas" canvasRef={box} note={note} />;
}
