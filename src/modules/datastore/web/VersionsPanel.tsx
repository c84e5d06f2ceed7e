// The versions of a datastore table (when, rows, what changed, download while kept) and, for
// editors, how often it is refreshed from its source and whether it is loaded automatically.
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../../web/api.ts';
import { formatDateTime, numberDe } from '../../../web/format.ts';
import { useApi } from '../../../web/useApi.ts';
import { Alert } from '../../../web/ui/Alert.tsx';
import { Button } from '../../../web/ui/Button.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Table } from '../../../web/ui/Table.tsx';

type Changes = { rows: number | null; columnsAdded: string[]; columnsRemoved: string[]; columnsRetyped: { id: string; from: string; to: string }[] };
type Version = { version: number; createdAt: string | null; rows: number | null; changes: Changes | null; status: string; download: string | null; keptUntil: string | null };
type Refresh = { intervalMinutes: number | null; autoLoad: boolean; lastLoadAt: string | null; nextRefreshAt: string | null };

const INTERVALS = [
  { value: '', label: 'nie (nur von Hand)' }, { value: '60', label: 'stündlich' }, { value: '1440', label: 'täglich' },
  { value: '10080', label: 'wöchentlich' }, { value: '43200', label: 'alle 30 Tage' },
];

function describeChanges(c: Changes | null): string {
  if (!c) return 'erste Version';
  const parts: string[] = [];
  if (c.rows) parts.push(`${c.rows > 0 ? '+' : ''}${numberDe.format(c.rows)} Zeilen`);
  if (c.columnsAdded.length) parts.push(`neue Spalten: ${c.columnsAdded.join(', ')}`);
  if (c.columnsRemoved.length) parts.push(`entfernt: ${c.columnsRemoved.join(', ')}`);
  if (c.columnsRetyped.length) parts.push(`Typ geändert: ${c.columnsRetyped.map((r) => `${r.id} (${r.from} → ${r.to})`).join(', ')}`);
  return parts.join('; ') || 'gleiche Spalten und Zeilenzahl';
}

export function VersionsPanel({ resourceId, editor }: { resourceId: string; editor: boolean }) {
  const versions = useApi<{ items: Version[]; keepDays: number }>(`/api/v1/resources/${resourceId}/datastore/versions`);
  return (
    <section aria-labelledby="versionen">
      <h2 id="versionen">Versionen</h2>
      <Loaded resource={versions} loading="Versionen werden geladen …" errorTitle="Die Versionen konnten nicht geladen werden.">
        {(v) => (
          <Table
            caption={`Jede Ladung ist eine Version; ältere bleiben ${v.keepDays} Tage herunterladbar`}
            rows={v.items}
            rowKey={(x) => x.version}
            empty="Noch keine Version."
            columns={[
              { header: 'Version', rowHeader: true, numeric: true, cell: (x) => x.version },
              { header: 'Stand', cell: (x) => (x.createdAt ? formatDateTime(x.createdAt) : '–') },
              { header: 'Zeilen', numeric: true, cell: (x) => (x.rows === null ? '–' : numberDe.format(x.rows)) },
              { header: 'Änderungen', cell: (x) => describeChanges(x.changes) },
              { header: 'Status', cell: (x) => x.status },
              { header: 'Herunterladen', cell: (x) => (x.download ? <a href={x.download}>CSV<span className="visually-hidden"> der Version {x.version}</span></a> : '–') },
            ]}
          />
        )}
      </Loaded>
      {editor && <RefreshForm resourceId={resourceId} />}
    </section>
  );
}

function RefreshForm({ resourceId }: { resourceId: string }) {
  const settings = useApi<Refresh>(`/api/v1/resources/${resourceId}/datastore/refresh`);
  const [saved, setSaved] = useState<string>();
  const [error, setError] = useState<string>();
  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const interval = String(form.get('interval') ?? '');
    setError(undefined);
    setSaved(undefined);
    try {
      await api('PUT', `/api/v1/resources/${resourceId}/datastore/refresh`, { intervalMinutes: interval ? Number(interval) : null, autoLoad: form.get('autoLoad') === 'on' });
      setSaved('Gespeichert.');
      settings.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Nicht gespeichert.');
    }
  }
  return (
    <Loaded resource={settings} loading="Zeitplan wird geladen …" errorTitle="Der Zeitplan konnte nicht geladen werden.">
      {(s) => (
        <form className="panel" onSubmit={save} aria-labelledby="zeitplan">
          <h3 id="zeitplan">Aktualisierung aus der Quelle</h3>
          <p>Unveränderte Dateien (gleiches ETag oder gleiche Prüfsumme) werden nicht neu geladen.{s.nextRefreshAt ? ` Nächste Prüfung: ${formatDateTime(s.nextRefreshAt)}.` : ''}</p>
          <label htmlFor="ds-interval">Neu laden</label>
          <select id="ds-interval" name="interval" defaultValue={s.intervalMinutes === null ? '' : String(s.intervalMinutes)}>
            {INTERVALS.some((i) => i.value === String(s.intervalMinutes ?? '')) ? null : <option value={String(s.intervalMinutes)}>alle {s.intervalMinutes} Minuten</option>}
            {INTERVALS.map((i) => <option key={i.value} value={i.value}>{i.label}</option>)}
          </select>
          <p>
            <input id="ds-auto" type="checkbox" name="autoLoad" defaultChecked={s.autoLoad} />{' '}
            <label htmlFor="ds-auto">Neue Dateien automatisch in den Datastore laden</label>
          </p>
          <Button type="submit">Zeitplan speichern</Button>
          {saved && <Alert kind="success" title="Zeitplan">{saved}</Alert>}
          {error && <Alert kind="error" title="Nicht gespeichert">{error}</Alert>}
        </form>
      )}
    </Loaded>
  );
}
