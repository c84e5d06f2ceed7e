// What one may do with a view: change or delete it (its creator or an admin), or copy a
// partner's view into the own municipality (editors).
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, errorMessage } from '../../../web/api.ts';
import { Alert } from '../../../web/ui/Alert.tsx';
import { Button } from '../../../web/ui/Button.tsx';
import type { Option } from '../../../web/ui/Field.tsx';
import type { SavedView } from './types.ts';
import { ViewBuilder } from './ViewBuilder.tsx';
import type { ViewBody } from './viewForm.ts';
import { ViewPreview } from './ViewPreview.tsx';

type Props = { view: SavedView; api: string; editable: boolean; services: Option[]; carry: string; onChanged: () => void };

export function ViewActions({ view, api: base, editable, services, carry, onChanged }: Props) {
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [preview, setPreview] = useState<ViewBody>();
  const path = `${base}/views/${view.id}`;
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await work();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = () => run(async () => {
    if (!window.confirm(`Ansicht „${view.name}“ wirklich löschen?`)) return;
    await api('DELETE', path);
    navigate(`/verwaltung/analytik/ansichten${carry}`, { state: { notice: `Ansicht „${view.name}“ gelöscht.` } });
  });
  const copy = () => run(async () => {
    const c = await api<SavedView>('POST', `${path}/copy`, {});
    navigate(`/verwaltung/analytik/ansichten/${c.id}${carry}`);
  });
  const save = async (body: ViewBody) => {
    await api<SavedView>('PATCH', path, body);
    onChanged();
    return 'Änderungen gespeichert.';
  };
  if (!view.can_edit && (view.own || !editable)) return null;
  return (
    <section aria-labelledby="ansicht-aktionen">
      <h2 id="ansicht-aktionen">Ansicht {view.own ? 'bearbeiten' : 'übernehmen'}</h2>
      {error && <Alert kind="error">{error}</Alert>}
      <div className="ana-toolbar">
        {view.own ? (
          <>
            <Button variant="secondary" aria-expanded={editing} aria-controls="ansicht-bearbeiten" onClick={() => setEditing((e) => !e)}>{editing ? 'Bearbeiten schließen' : 'Bearbeiten'}</Button>
            <Button variant="danger" busy={busy} onClick={() => void remove()}>Löschen</Button>
          </>
        ) : (
          <Button busy={busy} onClick={() => void copy()}>In meine Kommune kopieren</Button>
        )}
      </div>
      {editing && (
        <div id="ansicht-bearbeiten">
          <ViewBuilder id="ansicht-aendern" initial={view} services={services} submitLabel="Änderungen speichern" onSubmit={save} onPreview={setPreview} />
          {preview && <ViewPreview api={base} body={preview} names={new Map(services.map((s) => [s.value, s.label]))} />}
        </div>
      )}
    </section>
  );
}
