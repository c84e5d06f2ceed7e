// The place of a request, three ways that fill the same two inputs: click or drag on the map,
// "use my position" (the browser asks for permission), or type the coordinates. An address or
// description of the place can go with them or stand alone.
import { useState } from 'react';
import { Button } from '../../../web/ui/Button.tsx';
import { Field } from '../../../web/ui/Field.tsx';
import { LocationPicker } from './LocationPicker.tsx';

const parse = (s: string) => {
  const n = Number(s.trim().replace(',', '.'));
  return s.trim() && Number.isFinite(n) ? n : undefined;
};

export function LocationFields({ tenant, centre }: { tenant: string; centre: { lat: number; lon: number } }) {
  const [lat, setLat] = useState('');
  const [lon, setLon] = useState('');
  const [status, setStatus] = useState('');
  const [locating, setLocating] = useState(false);

  function pick(la: number, lo: number) {
    setLat(String(la));
    setLon(String(lo));
    setStatus(`Ort gesetzt: Breite ${la.toLocaleString('de-DE', { maximumFractionDigits: 6 })}, Länge ${lo.toLocaleString('de-DE', { maximumFractionDigits: 6 })}.`);
  }

  /** Typing replaces what a click or the position had set; the old message would now be wrong. */
  function typed(set: (v: string) => void, v: string) {
    set(v);
    setStatus('');
  }

  function useMyPosition() {
    if (!navigator.geolocation) {
      setStatus('Ihr Browser kann den Standort nicht ermitteln. Bitte geben Sie die Koordinaten ein oder klicken Sie in die Karte.');
      return;
    }
    setLocating(true);
    setStatus('Standort wird ermittelt …');
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false);
        pick(Math.round(p.coords.latitude * 1e6) / 1e6, Math.round(p.coords.longitude * 1e6) / 1e6);
      },
      (err) => {
        setLocating(false);
        setStatus(err.code === err.PERMISSION_DENIED ? 'Sie haben die Standortfreigabe abgelehnt. Bitte wählen Sie den Ort auf der Karte oder geben Sie ihn ein.' : 'Der Standort konnte nicht ermittelt werden. Bitte wählen Sie den Ort auf der Karte oder geben Sie ihn ein.');
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }

  return (
    <fieldset className="location">
      <legend>Ort</legend>
      <p className="hint">Klicken Sie in die Karte, nutzen Sie Ihren Standort oder geben Sie die Koordinaten ein (Dezimalgrad, z. B. 50,5841 und 8,6784).</p>
      <LocationPicker tenant={tenant} centre={centre} lat={parse(lat)} lon={parse(lon)} onPick={pick} />
      <div className="location-actions">
        <Button variant="secondary" busy={locating} onClick={useMyPosition}>
          Meinen Standort verwenden
        </Button>
        <p className="location-status" role="status" aria-live="polite">
          {status}
        </p>
      </div>
      <div className="form-grid">
        <Field name="lat" label="Breitengrad" inputMode="decimal" autoComplete="off" value={lat} onChange={(e) => typed(setLat, e.target.value)} />
        <Field name="lon" label="Längengrad" inputMode="decimal" autoComplete="off" value={lon} onChange={(e) => typed(setLon, e.target.value)} />
      </div>
      <Field name="address" label="Adresse oder Ortsbeschreibung" optional autoComplete="street-address" hint="z. B. „Kirchenplatz, neben dem Glascontainer“" />
    </fieldset>
  );
}
