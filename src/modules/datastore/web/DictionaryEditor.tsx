// For editors: the data dictionary of a datastore table — a label, a unit and a description per
// column, and its type (a type change builds a new version; values that do not convert are
// listed and nothing changes).
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../../web/api.ts';
import { useApi } from '../../../web/useApi.ts';
import { Alert } from '../../../web/ui/Alert.tsx';
import { Button } from '../../../web/ui/Button.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import type { DsField } from './types.ts';

const TYPES: [string, string][] = [['text', 'Text'], ['int', 'Ganzzahl'], ['numeric', 'Zahl'], ['date', 'Datum'], ['timestamp', 'Zeitpunkt'], ['bool', 'Ja/Nein'], ['json', 'JSON']];

export function DictionaryEditor({ resourceId, onSaved }: { resourceId: string; onSaved: () => void }) {
  const dict = useApi<{ fields: DsField[] }>(`/api/v1/resources/${resourceId}/datastore/fields`);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);

  async function save(e: FormEvent<HTMLFormElement>, fields: DsField[]) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    // Only what changed is sent: the server rebuilds the table only for type changes.
    const changed = fields.flatMap((f, i) => {
      const info = { label: value(`label-${i}`), unit: value(`unit-${i}`), notes: value(`notes-${i}`) };
      const type = value(`type-${i}`);
      const infoChanged = info.label !== (f.info?.label ?? '') || info.unit !== (f.info?.unit ?? '') || info.notes !== (f.info?.notes ?? '');
      if (!infoChanged && type === f.type) return [];
      return [{ id: f.id, ...(type !== f.type && { type }), ...(infoChanged && { info }) }];
    });
    if (!changed.length) return setMessage({ kind: 'success', text: 'Keine Änderungen.' });
    setBusy(true);
    try {
      await api('PATCH', `/api/v1/resources/${resourceId}/datastore/fields`, { fields: changed });
      setMessage({ kind: 'success', text: `${changed.length === 1 ? '1 Spalte' : `${changed.length} Spalten`} gespeichert.` });
      dict.reload();
      onSaved();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof ApiError ? err.message : 'Nicht gespeichert.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="datenlexikon" className="panel">
      <h2 id="datenlexikon">Spalten beschreiben</h2>
      <Loaded resource={dict} loading="Spalten werden geladen …" errorTitle="Die Spalten konnten nicht geladen werden.">
        {({ fields }) => (
          <form onSubmit={(e) => save(e, fields)}>
            <div className="table-wrap" role="region" aria-labelledby="dl-caption" tabIndex={0}>
              <table>
                <caption id="dl-caption">Datenlexikon: Bezeichnung, Einheit, Beschreibung und Typ je Spalte</caption>
                <thead><tr><th scope="col">Spalte</th><th scope="col">Bezeichnung</th><th scope="col">Einheit</th><th scope="col">Beschreibung</th><th scope="col">Typ</th></tr></thead>
                <tbody>
                  {fields.map((f, i) => (
                    <tr key={f.id}>
                      <th scope="row">{f.id}</th>
                      <td><input name={`label-${i}`} aria-label={`Bezeichnung von ${f.id}`} defaultValue={f.info?.label ?? ''} /></td>
                      <td><input name={`unit-${i}`} aria-label={`Einheit von ${f.id}`} defaultValue={f.info?.unit ?? ''} size={8} /></td>
                      <td><input name={`notes-${i}`} aria-label={`Beschreibung von ${f.id}`} defaultValue={f.info?.notes ?? ''} /></td>
                      <td>
                        <select name={`type-${i}`} aria-label={`Typ von ${f.id}`} defaultValue={f.type}>
                          {TYPES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Button type="submit" busy={busy}>Spalten speichern</Button>
            {message && <Alert kind={message.kind} title={message.kind === 'success' ? 'Datenlexikon' : 'Nicht gespeichert'}>{message.text}</Alert>}
          </form>
        )}
      </Loaded>
    </section>
  );
}
