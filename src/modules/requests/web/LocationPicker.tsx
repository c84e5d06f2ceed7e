// A map to pick where the problem is: click to set the point, drag the pin to move it. Offline
// style as in the datastore's MapPanel (no tiles are fetched from anywhere); for orientation it
// draws the municipality's boundary and districts when the city has stored them. The map is a
// convenience for pointer users: the latitude/longitude inputs and "use my position" beside it
// do the same by keyboard and screen reader. MapLibre is loaded only when the form is shown.
import { useEffect, useRef, useState } from 'react';
import type { Map as MapLibreMap, Marker } from 'maplibre-gl';
import { api } from '../../../web/api.ts';
import 'maplibre-gl/dist/maplibre-gl.css';

type Areas = { type: 'FeatureCollection'; features: { properties: { kind: string }; geometry: { type: string; coordinates: unknown } }[] };
type Props = { tenant: string; centre: { lat: number; lon: number }; lat: number | undefined; lon: number | undefined; onPick: (lat: number, lon: number) => void };

/** Every [lon, lat] pair of a GeoJSON geometry's coordinates, however deeply nested. */
function positions(c: unknown, out: [number, number][] = []): [number, number][] {
  if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') out.push([c[0], c[1]]);
  else if (Array.isArray(c)) for (const x of c) positions(x, out);
  return out;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6; // ~10 cm, more than a phone's GPS knows

export function LocationPicker({ tenant, centre, lat, lon, onPick }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<MapLibreMap | undefined>(undefined);
  const marker = useRef<Marker | undefined>(undefined);
  const pick = useRef(onPick);
  pick.current = onPick;
  const [note, setNote] = useState('Karte wird geladen …');

  useEffect(() => {
    let disposed = false;
    (async () => {
      const [maplibre, worker, areas] = await Promise.all([
        import('maplibre-gl'), import('maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url'),
        api<Areas>('GET', `/api/v1/tenants/${encodeURIComponent(tenant)}/request-areas`).catch(() => undefined),
      ]);
      maplibre.setWorkerUrl(worker.default);
      if (disposed || !box.current) return;
      const m = new maplibre.Map({
        container: box.current,
        style: { version: 8, sources: {}, layers: [{ id: 'hintergrund', type: 'background', paint: { 'background-color': '#e8eef3' } }] },
        center: [centre.lon, centre.lat], zoom: 12, attributionControl: false,
      });
      map.current = m;
      m.addControl(new maplibre.NavigationControl({ showCompass: false }), 'top-right');
      const pin = new maplibre.Marker({ color: '#b3261e', draggable: true });
      pin.getElement().setAttribute('aria-label', 'Gewählter Ort (mit der Maus verschiebbar)');
      pin.on('dragend', () => {
        const p = pin.getLngLat();
        pick.current(round(p.lat), round(p.lng));
      });
      marker.current = pin;
      m.on('click', (e) => pick.current(round(e.lngLat.lat), round(e.lngLat.lng)));
      m.on('load', () => {
        const features = areas?.features ?? [];
        if (features.length) {
          m.addSource('gebiete', { type: 'geojson', data: areas as never });
          m.addLayer({ id: 'bezirke', type: 'line', source: 'gebiete', filter: ['==', ['get', 'kind'], 'district'], paint: { 'line-color': '#5b6b78', 'line-width': 1, 'line-dasharray': [2, 2] } });
          m.addLayer({ id: 'grenze', type: 'line', source: 'gebiete', filter: ['==', ['get', 'kind'], 'boundary'], paint: { 'line-color': '#0a5394', 'line-width': 2.5 } });
          const pts = features.flatMap((f) => positions(f.geometry.coordinates));
          if (pts.length) m.fitBounds(pts.reduce((b, p) => b.extend(p), new maplibre.LngLatBounds(pts[0], pts[0])), { padding: 24, animate: false });
        }
        box.current?.setAttribute('data-ready', 'true');
      });
      setNote(areas?.features.length
        ? 'Karte ohne Hintergrundbild: die blaue Linie ist die Gemeindegrenze, gestrichelt die Bezirke. Klicken setzt den Ort, die Markierung lässt sich verschieben.'
        : 'Karte ohne Hintergrundbild. Klicken setzt den Ort, die Markierung lässt sich verschieben.');
    })().catch(() => setNote('Die Karte konnte nicht geladen werden (der Browser unterstützt kein WebGL). Bitte geben Sie die Koordinaten ein oder nutzen Sie Ihren Standort.'));
    return () => {
      disposed = true;
      map.current?.remove();
      map.current = undefined;
      marker.current = undefined;
    };
  }, [tenant, centre.lat, centre.lon]);

  // The pin follows the inputs (typed coordinates, "use my position", a click).
  useEffect(() => {
    const m = map.current;
    const pin = marker.current;
    if (!m || !pin) return;
    if (lat === undefined || lon === undefined) {
      pin.remove();
      return;
    }
    pin.setLngLat([lon, lat]).addTo(m);
    if (!m.getBounds().contains([lon, lat])) m.easeTo({ center: [lon, lat], duration: 0 });
  }, [lat, lon, note]);

  return (
    <figure className="location-map">
      {/* The canvas is for pointer users; its text alternative is the caption and the inputs below. */}
      <div ref={box} className="map-canvas location-canvas" data-testid="ortskarte" />
      <figcaption>{note}</figcaption>
    </figure>
  );
}
