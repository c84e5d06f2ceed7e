// For publishers: load a resource into the datastore and watch it happen (phase, progress bar,
// rows), then the result and the problem report. Polls the load while it is running.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../../web/api.ts';
import { numberDe } from '../../../web/format.ts';
import { Alert } from '../../../web/ui/Alert.tsx';
import { Button } from '../../../web/ui/Button.tsx';
import { Table } from '../../../web/ui/Table.tsx';
import type { Load } from './types.ts';

const PHASES: Record<string, string> = {
  queued: 'wartet auf den Start', herunterladen: 'Datei wird geholt', einlesen: 'Zeilen werden eingelesen',
  umschalten: 'neue Version wird freigeschaltet', fertig: 'fertig', unverändert: 'unverändert', fehlgeschlagen: 'fehlgeschlagen',
};
const active = (l: Load | undefined) => l?.status === 'queued' || l?.status === 'running';

export function LoadPanel({ resourceId, onLoaded }: { resourceId: string; onLoaded: () => void }) {
  const [load, setLoad] = useState<Load>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!load || !active(load)) return;
    const timer = setTimeout(async () => {
      const next = await api<Load>('GET', `/api/v1/datastore/loads/${load.id}`).catch(() => load);
      setLoad(next);
      if (next.status === 'succeeded') onLoaded();
    }, 600);
    return () => clearTimeout(timer);
  }, [load, onLoaded]);

  async function start() {
    setBusy(true);
    setError(undefined);
    try {
      setLoad(await api<Load>('POST', `/api/v1/resources/${resourceId}/datastore/load`, {}));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Der Ladevorgang konnte nicht gestartet werden.');
    } finally {
      setBusy(false);
    }
  }

  const pct = load?.bytes_total ? Math.min(100, Math.round((100 * load.bytes_done) / load.bytes_total)) : undefined;
  return (
    <section aria-labelledby="laden" className="panel">
      <h2 id="laden">In den Datastore laden</h2>
      <p>Die Datei wird gelesen, die Spaltentypen werden erkannt, und die neue Tabelle ersetzt die alte erst, wenn sie vollständig ist.</p>
      <Button onClick={start} busy={busy} disabled={active(load)}>Jetzt laden</Button>
      {error && <Alert kind="error" title="Nicht gestartet">{error}</Alert>}
      {load && (
        <div className="load-status" aria-live="polite">
          <p>
            <strong>Status:</strong> {PHASES[load.phase] ?? load.phase}
            {load.rows_done > 0 && ` · ${numberDe.format(load.rows_done)} Zeilen`}
          </p>
          {active(load) && <progress max={100} value={pct} aria-label="Fortschritt des Ladevorgangs">{pct !== undefined ? `${pct} %` : ''}</progress>}
          {load.status === 'succeeded' && <Alert kind="success" title="Geladen">Version {load.version}: {numberDe.format(load.row_count ?? 0)} Zeilen{load.problem_count ? `, ${numberDe.format(load.problem_count)} Hinweise` : ''}.</Alert>}
          {load.status === 'unchanged' && <Alert kind="info" title="Unverändert">Die Datei hat sich seit dem letzten Laden nicht geändert.</Alert>}
          {load.status === 'failed' && <Alert kind="error" title="Laden fehlgeschlagen">{load.error} Die bisherige Tabelle bleibt unverändert.</Alert>}
          {!!load.problems?.length && (
            <Table
              caption="Problembericht (Zeile, Spalte, Wert, Grund)"
              rows={load.problems}
              rowKey={(p) => `${p.row}-${p.column}-${p.reason}`}
              columns={[
                { header: 'Zeile', rowHeader: true, numeric: true, cell: (p) => numberDe.format(p.row) },
                { header: 'Spalte', cell: (p) => p.column ?? '–' },
                { header: 'Wert', cell: (p) => p.value ?? '–' },
                { header: 'Grund', cell: (p) => p.reason },
              ]}
            />
          )}
        </div>
      )}
    </section>
  );
}
