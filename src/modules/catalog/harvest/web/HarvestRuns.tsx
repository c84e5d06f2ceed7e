// The runs of one harvest source (newest first) and, for the chosen run, its log: what was
// created, changed, skipped, and every defect of a remote dataset with the dataset it concerns.
import { useEffect } from 'react';
import { Link } from 'react-router';
import { query, type PageOf } from '../../../../web/api.ts';
import { useApi } from '../../../../web/useApi.ts';
import { useSearchState } from '../../../../web/useSearchState.ts';
import { formatDateTime, numberDe } from '../../../../web/format.ts';
import { Loaded } from '../../../../web/ui/Loaded.tsx';
import { Table } from '../../../../web/ui/Table.tsx';
import { Filters } from '../../../../web/ui/Filters.tsx';
import type { HarvestLogEntryT, HarvestRunDetailT, HarvestRunT, HarvestSourceT } from '../contract.ts';

const STATUS: Record<HarvestRunT['status'], [string, string]> = {
  running: ['läuft', 'info'], succeeded: ['erfolgreich', 'ok'], partial: ['teilweise', 'warn'], failed: ['fehlgeschlagen', 'error'],
};
const LEVEL: Record<HarvestLogEntryT['level'], [string, string]> = { info: ['Info', 'info'], warning: ['Hinweis', 'warn'], error: ['Fehler', 'error'] };
const LOG_LIMIT = 500;
const clock = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', timeStyle: 'medium' });
const nowrap = { whiteSpace: 'nowrap' } as const;

export function RunStatusBadge({ status }: { status: HarvestRunT['status'] }) {
  const [label, kind] = STATUS[status];
  return <span className={`badge badge-${kind}`}>{label}</span>;
}

export function HarvestRuns({ source, refresh }: { source: HarvestSourceT; refresh: number }) {
  const search = useSearchState();
  const runs = useApi<PageOf<HarvestRunT>>(`/api/v1/harvest-sources/${source.id}/runs?limit=20`);
  const reload = runs.reload;
  useEffect(() => {
    if (refresh) reload();
  }, [refresh, reload]);
  const chosen = search.get('lauf');
  return (
    <section aria-labelledby="laeufe-titel">
      <h2 id="laeufe-titel">Läufe von „{source.name}“</h2>
      <Loaded resource={runs} loading="Läufe werden geladen …" errorTitle="Die Läufe konnten nicht geladen werden.">
        {(page) => (
          <Table
            caption={`${page.total > page.items.length ? `Die letzten ${page.items.length} von ${page.total} Läufen` : page.total === 1 ? '1 Lauf' : `${page.total} Läufe`}, neueste zuerst`}
            rows={page.items}
            rowKey={(r) => r.id}
            empty="Noch kein Lauf. Starten Sie einen mit „Jetzt ernten“."
            columns={[
              {
                header: 'Beginn',
                rowHeader: true,
                cell: (r) => (
                  <>
                    <time dateTime={r.startedAt} style={nowrap}>{formatDateTime(r.startedAt)}</time>
                    <br />
                    <span className="muted">{r.full ? 'vollständig' : 'nur Änderungen'}</span>
                    <br />
                    {r.id === chosen ? (
                      <span className="muted">Protokoll unten</span>
                    ) : (
                      <Link to={`?${new URLSearchParams({ kommune: source.tenantSlug, quelle: source.id, lauf: r.id })}`}>
                        Protokoll<span className="visually-hidden"> des Laufs vom {formatDateTime(r.startedAt)}</span>
                      </Link>
                    )}
                  </>
                ),
              },
              { header: 'Status', cell: (r) => <RunStatusBadge status={r.status} /> },
              { header: 'Neu', numeric: true, cell: (r) => numberDe.format(r.created) },
              { header: 'Geändert', numeric: true, cell: (r) => numberDe.format(r.updated) },
              { header: 'Unverändert', numeric: true, cell: (r) => numberDe.format(r.unchanged) },
              { header: 'Gelöscht', numeric: true, cell: (r) => numberDe.format(r.deleted) },
              { header: 'Übersprungen', numeric: true, cell: (r) => numberDe.format(r.skipped) },
              { header: 'Fehler', numeric: true, cell: (r) => numberDe.format(r.errors) },
              { header: 'Hinweise', numeric: true, cell: (r) => numberDe.format(r.warnings) },
            ]}
          />
        )}
      </Loaded>
      {chosen && <RunLog key={`${chosen}-${refresh}`} runId={chosen} />}
    </section>
  );
}

function RunLog({ runId }: { runId: string }) {
  const search = useSearchState();
  const level = search.get('stufe');
  const run = useApi<HarvestRunDetailT>(`/api/v1/harvest-runs/${runId}${query({ level, limit: LOG_LIMIT })}`);
  return (
    <Loaded resource={run} loading="Protokoll wird geladen …" errorTitle="Das Protokoll konnte nicht geladen werden.">
      {(r) => (
        <section aria-labelledby="protokoll-titel">
          <h3 id="protokoll-titel">Protokoll des Laufs vom {formatDateTime(r.startedAt)}</h3>
          <p>
            <RunStatusBadge status={r.status} /> {r.message || (r.status === 'running' ? 'Der Lauf ist noch nicht beendet.' : '')}
          </p>
          <Filters
            label="Protokoll filtern"
            filters={[{ name: 'stufe', label: 'Stufe', value: level, options: [{ value: '', label: 'Alle' }, { value: 'error', label: 'Fehler' }, { value: 'warning', label: 'Hinweise' }, { value: 'info', label: 'Info' }] }]}
            onApply={(v) => search.update({ stufe: v.stufe })}
          />
          <Table
            caption={r.log.total > r.log.items.length ? `Die ersten ${r.log.items.length} von ${numberDe.format(r.log.total)} Einträgen` : `${numberDe.format(r.log.total)} Einträge`}
            rows={r.log.items}
            rowKey={(l) => l.id}
            empty="Keine Einträge."
            columns={[
              { header: 'Zeit', cell: (l) => <time dateTime={l.at} style={nowrap}>{clock.format(new Date(l.at))}</time> },
              { header: 'Stufe', cell: (l) => <span className={`badge badge-${LEVEL[l.level][1]}`}>{LEVEL[l.level][0]}</span> },
              {
                header: 'Datensatz',
                rowHeader: true,
                cell: (l) => (l.dataset ? <>{l.title || 'ohne Titel'}<br /><code className="muted" style={{ overflowWrap: 'anywhere' }}>{l.dataset}</code></> : '–'),
              },
              { header: 'Meldung', cell: (l) => <span className={l.level === 'error' ? 'error-text' : undefined}>{l.message}</span> },
            ]}
          />
        </section>
      )}
    </Loaded>
  );
}
