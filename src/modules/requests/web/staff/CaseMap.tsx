// A small map of where the case is: a pin on the offline style (no tiles; the municipality's
// boundary and districts for orientation), like the citizen form's map but read-only. The text
// beside it (address, coordinates) says the same for everyone who cannot see the canvas.
import { useEffect, useRef, useState } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { api } from '../../../../web/api.ts';
import 'maplibre-gl/dist/maplibre-gl.css';

type Areas = { type: 'FeatureCollection'; features: { properties: { kind: string }; geometry: { coordinates: unknown } }[] };

/** Every [lon, lat] pair of a GeoJSON geometry's coordinates, however deeply nested. */
function positions(c: unknown, out: [number, number][] = []): [number, number][] {
  if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') out.push([c[0], c[1]]);
  else if (Array.isArray(c)) for (const x of c) positions(x, out);
  return out;
}

export function CaseMap({ tenant, lat, lon }: { tenant: string; lat: number; lon: number }) {
  const box = useRef<HTMLDivElement>(null);
  const [note, setNote] = useState('Karte wird geladen …');

  useEffect(() => {
    let disposed = false;
    let map: MapLibreMap | undefined;
    (async () => {
      // Loaded on demand, so the inbox does not carry MapLibre.
      const [maplibre, worker, areas] = await Promise.all([
        import('maplibre-gl'), import('maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url'),
        api<Areas>('GET', `/api/v1/tenants/${encodeURIComponent(tenant)}/request-areas`).catch(() => undefined),
      ]);
      maplibre.setWorkerUrl(worker.default);
      if (disposed || !box.current) return;
      map = new maplibre.Map({
        container: box.current,
        style: { version: 8, sources: {}, layers: [{ id: 'hintergrund', type: 'background', paint: { 'background-color': '#e8eef3' } }] },
        center: [lon, lat], zoom: 13, attributionControl: false,
      });
      map.addControl(new maplibre.NavigationControl({ showCompass: false }), 'top-right');
      const pin = new maplibre.Marker({ color: '#b3261e' }).setLngLat([lon, lat]).addTo(map);
      pin.getElement().setAttribute('aria-hidden', 'true');
      const m = map;
      m.on('load', () => {
        if (areas?.features.length) {
          m.addSource('gebiete', { type: 'geojson', data: areas as never });
          m.addLayer({ id: 'bezirke', type: 'line', source: 'gebiete', filter: ['==', ['get', 'kind'], 'district'], paint: { 'line-color': '#5b6b78', 'line-width': 1, 'line-dasharray': [2, 2] } });
          m.addLayer({ id: 'grenze', type: 'line', source: 'gebiete', filter: ['==', ['get', 'kind'], 'boundary'], paint: { 'line-color': '#0a5394', 'line-width': 2.5 } });
          // Show the whole town with the pin in it: without a background map, the boundary is
          // the only orientation there is.
          const pts = [...areas.features.flatMap((f) => positions(f.geometry.coordinates)), [lon, lat] as [number, number]];
          m.fitBounds(pts.reduce((b, p) => b.extend(p), new maplibre.LngLatBounds(pts[0], pts[0])), { padding: 16, animate: false });
        }
        box.current?.setAttribute('data-ready', 'true');
      });
      setNote(areas?.features.length ? 'Karte ohne Hintergrundbild: die rote Markierung ist der gemeldete Ort, die blaue Linie die Gemeindegrenze.' : 'Karte ohne Hintergrundbild: die rote Markierung ist der gemeldete Ort.');
    })().catch(() => setNote('Die Karte konnte nicht geladen werden (der Browser unterstützt kein WebGL).'));
    return () => {
      disposed = true;
      map?.remove();
    };
  }, [tenant, lat, lon]);

  return (
    <figure className="case-map">
      <div ref={box} className="map-canvas case-map-canvas" data-testid="fallkarte" />
      <figcaption>{note}</figcaption>
    </figure>
  );
}
