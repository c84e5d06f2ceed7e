// "Änderungsverlauf" on the dataset page: who changed what and when, as old → new per field,
// with added and removed tags, themes and resources. Anonymous readers see the publishing
// organisation instead of a person (the API decides).
import { useState } from 'react';
import { useApi } from '../../../web/useApi.ts';
import { formatDateTime } from '../../../web/format.ts';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Button } from '../../../web/ui/Button.tsx';
import { FREQUENCY_LABELS } from './editor-model.ts';

type FieldChange = { field: string; label: string; before: string | null; after: string | null };
type ListChange = { added: string[]; removed: string[] };
type Entry = {
  id: number; at: string; action: string; summary: string; actor: { label: string; kind: 'person' | 'organisation' | 'system' };
  changes: FieldChange[]; tags: ListChange; groups: ListChange;
  resources: { id: string; name: string; change: 'added' | 'removed' | 'changed'; fields: FieldChange[] }[];
};
type HistoryPage = { items: Entry[]; total: number };

const STEP = 10;
const RESOURCE_CHANGE = { added: 'hinzugefügt', removed: 'entfernt', changed: 'geändert' };

function Value({ field, v }: { field: string; v: string | null }) {
  if (field === 'extras.frequency' && v) return <>{FREQUENCY_LABELS[v] ?? v}</>;
  if (v === null) return <span className="muted">– <span className="visually-hidden">leer</span></span>;
  return <>{v.length > 300 ? `${v.slice(0, 300)} …` : v}</>;
}

function ChangeTable({ caption, rows }: { caption: string; rows: FieldChange[] }) {
  return (
    <div className="table-wrap">
      <table className="diff-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Feld</th>
            <th scope="col">Vorher</th>
            <th scope="col">Nachher</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.field}>
              <th scope="row">{c.label}</th>
              <td className="diff-old"><Value field={c.field} v={c.before} /></td>
              <td className="diff-new"><Value field={c.field} v={c.after} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ListDiff({ label, change }: { label: string; change: ListChange }) {
  if (!change.added.length && !change.removed.length) return null;
  return (
    <p>
      {label}: {change.added.length > 0 && <>hinzugefügt <strong>{change.added.join(', ')}</strong></>}
      {change.added.length > 0 && change.removed.length > 0 && '; '}
      {change.removed.length > 0 && <>entfernt <strong>{change.removed.join(', ')}</strong></>}
    </p>
  );
}

function HistoryEntry({ e }: { e: Entry }) {
  const when = formatDateTime(e.at);
  return (
    <li className="history-entry">
      <p className="history-head">
        <time dateTime={e.at}>{when}</time> · <strong>{e.summary}</strong> · {e.actor.kind === 'organisation' ? `durch ${e.actor.label}` : e.actor.label}
      </p>
      {e.changes.length > 0 && <ChangeTable caption={`Geänderte Felder am ${when}`} rows={e.changes} />}
      <ListDiff label="Schlagwörter" change={e.tags} />
      <ListDiff label="Themen" change={e.groups} />
      {e.resources.length > 0 && (
        <ul className="history-resources">
          {e.resources.map((r) => (
            <li key={r.id + r.change}>
              Ressource „{r.name}“ {RESOURCE_CHANGE[r.change]}
              {r.fields.length > 0 && <ChangeTable caption={`Änderungen an der Ressource „${r.name}“ am ${when}`} rows={r.fields} />}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function DatasetHistory({ name }: { name: string }) {
  const [limit, setLimit] = useState(STEP);
  const history = useApi<HistoryPage>(`/api/v1/catalog/datasets/${encodeURIComponent(name)}/history?limit=${limit}`);
  return (
    <section aria-labelledby="verlauf-titel" className="dataset-history">
      <h2 id="verlauf-titel">Änderungsverlauf</h2>
      <Loaded resource={history} loading="Änderungsverlauf wird geladen …" errorTitle="Der Änderungsverlauf konnte nicht geladen werden.">
        {(h) => (
          <>
            {h.items.length === 0 && <p>Noch keine Änderungen aufgezeichnet.</p>}
            <ol className="history-list">
              {h.items.map((e) => (
                <HistoryEntry key={e.id} e={e} />
              ))}
            </ol>
            {h.total > h.items.length && (
              <Button variant="secondary" busy={history.loading} onClick={() => setLimit((l) => l + STEP)}>
                Ältere Änderungen anzeigen ({h.total - h.items.length} weitere)
              </Button>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
